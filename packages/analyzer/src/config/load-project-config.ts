import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import { defaultConfig, type LastcallConfig } from "./config-schema.js";
import { loadConfig } from "./load-config.js";

export const PROJECT_CONFIG_FILE = ".lastcall.json";

/**
 * The audited directory's own `.lastcall.json`, or the default config when it has none. The file is
 * the repository's to write: as a symbolic link leading out of the directory it would make the
 * analyzer read, and quote in its parse error, a file of the machine it runs on (DESIGN.md: never
 * follow symlinks out of the directory). Such a link is not read; a note says so.
 */
export async function loadProjectConfig(root: string): Promise<{ config: LastcallConfig; note?: string }> {
  const file = path.join(root, PROJECT_CONFIG_FILE);
  const stats = await lstat(file).catch(() => undefined);
  if (stats?.isSymbolicLink()) {
    const [target, realRoot] = await Promise.all([realpath(file).catch(() => undefined), realpath(root)]);
    if (target === undefined || !target.startsWith(realRoot + path.sep)) {
      const note = `${PROJECT_CONFIG_FILE} is a symbolic link leading outside the project or nowhere; it was not read.`;
      return { config: defaultConfig, note };
    }
  }
  return { config: await loadConfig(file, false) };
}
