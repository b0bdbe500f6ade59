import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateCorpus } from "./generate-corpus.js";

const run = promisify(execFile);
const measureScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "measure.js");
/** Corpus sizes and runs per size: the small corpus is cheap, so it gets more runs against the noise of a shared machine. */
const PLAN = [
  { size: 2_000, repeats: 7 },
  { size: 10_000, repeats: 3 },
];
const RATIO_TARGET = 1.5;
const MEMORY_TARGET_MIB = 1024;

interface Sample {
  ms: number;
  maxRssMiB: number;
  files: number;
}

async function sample(mode: "analyzer" | "floor", dir: string): Promise<Sample> {
  const { stdout } = await run(process.execPath, [measureScript, mode, dir], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Sample;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

/**
 * The analyzer's speed against bare parsing over the same generated corpus, measured side by side
 * in one run (alternating, each in its own process), plus peak memory (issue: Analyzer v1, Speed).
 */
async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
  let failed = false;
  for (const { size, repeats } of PLAN) {
    const dir = await mkdtemp(path.join(os.tmpdir(), `lastcall-bench-${size}-`));
    try {
      await generateCorpus(dir, size);
      await sample("analyzer", dir);
      const floor: Sample[] = [];
      const analyzer: Sample[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        floor.push(await sample("floor", dir));
        analyzer.push(await sample("analyzer", dir));
      }
      const ratios = analyzer.map((sampleRun, index) => sampleRun.ms / (floor[index]?.ms ?? Number.NaN));
      const ratio = median(ratios);
      const memory = Math.max(...analyzer.map((sampleRun) => sampleRun.maxRssMiB));
      console.log(`\n${size} files (${analyzer[0]?.files} parsed by the analyzer, ${floor[0]?.files} by the floor), ${repeats} runs each:`);
      console.log(
        `  createSourceFile floor: median ${median(floor.map((s) => s.ms)).toFixed(0)} ms (spread ${spread(floor.map((s) => s.ms)).toFixed(0)} ms), peak ${Math.max(...floor.map((s) => s.maxRssMiB)).toFixed(0)} MiB`,
      );
      console.log(
        `  analyzer:               median ${median(analyzer.map((s) => s.ms)).toFixed(0)} ms (spread ${spread(analyzer.map((s) => s.ms)).toFixed(0)} ms), peak ${memory.toFixed(0)} MiB`,
      );
      console.log(
        `  ratio analyzer/floor:   median ${ratio.toFixed(2)}× (runs: ${ratios.map((r) => r.toFixed(2)).join(", ")}; target ≤ ${RATIO_TARGET}×)`,
      );
      if (ratio > RATIO_TARGET) failed = true;
      if (size >= 10_000 && memory >= MEMORY_TARGET_MIB) failed = true;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(failed ? "\nA target was missed." : "\nAll targets met.");
}

await main();
