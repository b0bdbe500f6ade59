import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { analyze } from "../analyze.js";

/**
 * One measurement in a fresh process, so that peak memory belongs to that run alone:
 * `measure.js analyzer|floor DIR` prints `{ ms, maxRssMiB, files }`.
 */
async function measure(mode: string, dir: string): Promise<{ ms: number; files: number }> {
  const started = performance.now();
  if (mode === "analyzer") {
    const report = await analyze(dir);
    return { ms: performance.now() - started, files: report.stats.parsed };
  }
  if (mode === "floor") {
    // The floor: read and parse every source file with `typescript`'s createSourceFile, nothing else.
    const entries = await readdir(dir, { recursive: true });
    const files = entries.filter((entry) => entry.endsWith(".ts")).sort();
    for (const file of files) {
      const text = await readFile(path.join(dir, file), "utf8");
      ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    }
    return { ms: performance.now() - started, files: files.length };
  }
  throw new Error(`unknown mode ${mode}`);
}

const [mode, dir] = process.argv.slice(2);
if (!mode || !dir) {
  process.stderr.write("usage: measure.js analyzer|floor DIR\n");
  process.exitCode = 2;
} else {
  const result = await measure(mode, dir);
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}
