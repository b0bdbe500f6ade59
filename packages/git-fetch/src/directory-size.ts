import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Total size of the files under `dir`; files that vanish while it is counted (git renames temporary packs) count 0. */
export async function directorySize(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        stat(join(entry.parentPath, entry.name)).then(
          (stats) => stats.size,
          () => 0,
        ),
      ),
  );
  return sizes.reduce((total, size) => total + size, 0);
}

/**
 * Checks the size of `dir` every `intervalMs` until `stop()` is called, and calls `onExceeded` once
 * it has grown past `maxBytes`. Each check starts after the previous one ends, so a slow disk
 * cannot pile them up.
 */
export function watchDirectorySize(dir: string, options: { maxBytes: number; intervalMs: number; onExceeded: () => void }): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const size = await directorySize(dir);
    if (stopped) return;
    if (size > options.maxBytes) options.onExceeded();
    else timer = setTimeout(check, options.intervalMs);
  };
  timer = setTimeout(check, options.intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
