import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { count, ms, table } from "../format.js";
import { paths } from "../paths.js";
import { bucketProfile, type CallFrame } from "./cpu-profile.js";

const run = promisify(execFile);
const ANALYZER_MODULE = /packages\/analyzer\/dist\/(.+)\.js$/;
const GC = "garbage collection";
const PARSE = "`files/parse-source`: TypeScript's `createSourceFile`";
const OUTSIDE = "event loop, file-read callbacks";

const isGc = (stack: readonly CallFrame[]) => stack.at(-1)?.functionName === "(garbage collector)";

/**
 * A sample's pipeline stage: the outermost analyzer module below `analyze()` on its stack (the
 * pipeline is one call per stage from analyze.ts, see ARCHITECTURE.md), so a stage's time includes
 * the TypeScript and library code it calls.
 */
function analyzerStage(stack: readonly CallFrame[]): string[] {
  if (isGc(stack)) return [GC];
  let inAnalyze = false;
  for (const frame of stack) {
    const module = ANALYZER_MODULE.exec(frame.url)?.[1];
    if (module === undefined || module.startsWith("bench/")) continue;
    if (module === "files/parse-source") return [PARSE];
    if (module !== "analyze") return [`\`${module}\``];
    inAnalyze = true;
  }
  return [inAnalyze ? "`analyze` itself (the per-file loop, the report)" : OUTSIDE];
}

/** The floor does one thing besides reading files: TypeScript's parser. */
function floorStage(stack: readonly CallFrame[]): string[] {
  if (isGc(stack)) return [GC];
  return [stack.some((frame) => frame.url.includes("/node_modules/typescript/")) ? PARSE : OUTSIDE];
}

async function profiledRun(mode: "analyzer" | "floor", corpus: string, profile: string): Promise<number> {
  const { stdout } = await run(process.execPath, [paths.analyzerMeasure, mode, corpus, "--cpu-profile", profile]);
  return (JSON.parse(stdout) as { ms: number }).ms;
}

/**
 * One analyzer run and one floor run over a fresh corpus, each profiled by the analyzer's
 * measure.js (just the measured work), their CPU time side by side by pipeline stage.
 */
export async function profileAnalyzer(fileCount: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lastcall-bench-profile-"));
  try {
    const corpus = join(dir, "corpus");
    await run(process.execPath, [paths.writeCorpus, corpus, String(fileCount)]);
    const floorWallMs = await profiledRun("floor", corpus, join(dir, "floor.cpuprofile"));
    const analyzerWallMs = await profiledRun("analyzer", corpus, join(dir, "analyzer.cpuprofile"));
    const analyzer = await bucketProfile(join(dir, "analyzer.cpuprofile"), analyzerStage);
    const floor = await bucketProfile(join(dir, "floor.cpuprofile"), floorStage);
    const floorMs = new Map(floor.buckets.map((bucket) => [bucket.name, bucket.ms]));
    const names = [...new Set([...analyzer.buckets, ...floor.buckets].map((bucket) => bucket.name))];
    const analyzerMs = new Map(analyzer.buckets.map((bucket) => [bucket.name, bucket.ms]));
    const rows = names.map((name) => [name, ms(analyzerMs.get(name) ?? 0), ms(floorMs.get(name) ?? 0)]);
    rows.push(
      ["**sampled CPU time**", ms(analyzer.totalMs), ms(floor.totalMs)],
      ["wall time of the run", ms(analyzerWallMs), ms(floorWallMs)],
    );
    return [
      `CPU profiles of one analyzer run and one floor run over a fresh ${count(fileCount)}-file corpus (the inspector's profiler ` +
        "around the measured work only; it slows both down), by pipeline stage: the outermost analyzer module on the stack, " +
        "with everything it calls. Parsing is the floor's own work; every other row is what the analyzer adds to it.",
      table(["stage", "analyzer", "floor"], rows),
    ].join("\n\n");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
