import { readdir, readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";
import ts from "typescript";
import { analyze } from "../analyze.js";

/**
 * One measurement in a fresh process, so that peak memory belongs to that run alone:
 * `measure.js analyzer|floor DIR [--cpu-profile FILE]` prints `{ ms, maxRssMiB, files }`.
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

/**
 * Profiles just the measured work (not Node's start or module loading), for the service benchmark's
 * "where the time goes": the inspector's CPU profile, written as a `.cpuprofile` file.
 */
async function profiled<T>(file: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const result = await work();
  const { profile } = await session.post("Profiler.stop");
  await writeFile(file, JSON.stringify(profile));
  session.disconnect();
  return result;
}

const [mode, dir, flag, profileFile] = process.argv.slice(2);
if (!mode || !dir || (flag !== undefined && (flag !== "--cpu-profile" || !profileFile))) {
  process.stderr.write("usage: measure.js analyzer|floor DIR [--cpu-profile FILE]\n");
  process.exitCode = 2;
} else {
  const result = profileFile === undefined ? await measure(mode, dir) : await profiled(profileFile, () => measure(mode, dir));
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}
