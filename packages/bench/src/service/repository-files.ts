import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { paths } from "../paths.js";

const run = promisify(execFile);

/**
 * A repository of `fileCount` files (package.json, src/main.ts and generated modules): the same
 * realistic MCP-server code as the analyzer's corpus, written by the analyzer's own generator.
 */
export async function corpusRepositoryFiles(fileCount: number): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), "lastcall-bench-corpus-"));
  try {
    // The generator writes package.json and src/main.ts besides the modules it is asked for.
    await run(process.execPath, [paths.writeCorpus, dir, String(fileCount - 2)]);
    const files: Record<string, string> = {};
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files[relative(dir, path)] = await readFile(path, "utf8");
    }
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
