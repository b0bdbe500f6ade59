import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { generateCorpus } from "./generate-corpus.js";

const run = promisify(execFile);
const measureScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "measure.js");
/**
 * Corpus sizes and runs per size: the small corpus is cheap, so it gets a run more against the noise
 * of a shared machine. Modest counts, since the service benchmark adds ESLint (4–6 ms a file on a
 * slow two-core host: 40 s a run at 10,000 files) and must finish within ten minutes there.
 */
const PLAN = [
  { size: 2_000, repeats: 3 },
  { size: 10_000, repeats: 2 },
];
const RATIO_TARGET = 1.5;
const MEMORY_TARGET_MIB = 1024;

interface Sample {
  ms: number;
  maxRssMiB: number;
  files: number;
}

/** What `--json` prints: every run of every contender, per corpus size, in the order they ran. */
interface BenchResult {
  sizes: Array<{ size: number; repeats: number; samples: Record<string, Sample[]> }>;
}

/** A way to process the corpus: a script run as `node SCRIPT [ARGS...] DIR` that prints one Sample as JSON. */
interface Contender {
  name: string;
  command: string[];
}

async function sample(contender: Contender, dir: string): Promise<Sample> {
  const { stdout } = await run(process.execPath, [...contender.command, dir], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Sample;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

function describe(name: string, samples: Sample[]): string {
  const ms = samples.map((s) => s.ms);
  const peak = Math.max(...samples.map((s) => s.maxRssMiB));
  return `  ${`${name}:`.padEnd(24)}median ${median(ms).toFixed(0)} ms (spread ${spread(ms).toFixed(0)} ms), peak ${peak.toFixed(0)} MiB`;
}

/** `--contender NAME=SCRIPT`: another tool measured side by side with the analyzer (the service benchmark adds ESLint). */
function parseContender(text: string): Contender {
  const [name, script] = text.split("=", 2);
  if (!name || !script) throw new Error(`--contender wants NAME=SCRIPT, got ${text}`);
  return { name, command: [script] };
}

/**
 * The analyzer's speed against bare parsing over the same generated corpus, measured side by side
 * in one run (alternating, each in its own process), plus peak memory (issue: Analyzer v1, Speed).
 * `--json` prints every sample on stdout (the summary goes to stderr), for the service benchmark.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: "boolean" }, contender: { type: "string", multiple: true } } });
  const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  const floor: Contender = { name: "floor", command: [measureScript, "floor"] };
  const contenders: Contender[] = [
    floor,
    { name: "analyzer", command: [measureScript, "analyzer"] },
    ...(values.contender ?? []).map(parseContender),
  ];
  say(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
  const result: BenchResult = { sizes: [] };
  let failed = false;
  for (const { size, repeats } of PLAN) {
    const dir = await mkdtemp(path.join(os.tmpdir(), `lastcall-bench-${size}-`));
    try {
      await generateCorpus(dir, size);
      // One untimed parse first, so that every timed run finds the corpus in the page cache.
      await sample(floor, dir);
      const samples: Record<string, Sample[]> = Object.fromEntries(contenders.map((contender) => [contender.name, []]));
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const contender of contenders) samples[contender.name]?.push(await sample(contender, dir));
        say(`  ${size} files: run ${repeat + 1}/${repeats} done`);
      }
      result.sizes.push({ size, repeats, samples });
      const floorRuns = samples.floor ?? [];
      const analyzer = samples.analyzer ?? [];
      const ratios = analyzer.map((sampleRun, index) => sampleRun.ms / (floorRuns[index]?.ms ?? Number.NaN));
      const ratio = median(ratios);
      const memory = Math.max(...analyzer.map((sampleRun) => sampleRun.maxRssMiB));
      say(`\n${size} files (${analyzer[0]?.files} parsed by the analyzer, ${floorRuns[0]?.files} by the floor), ${repeats} runs each:`);
      for (const contender of contenders) say(describe(contender.name, samples[contender.name] ?? []));
      say(
        `  ratio analyzer/floor:   median ${ratio.toFixed(2)}× (runs: ${ratios.map((r) => r.toFixed(2)).join(", ")}; target ≤ ${RATIO_TARGET}×)`,
      );
      if (ratio > RATIO_TARGET) failed = true;
      if (size >= 10_000 && memory >= MEMORY_TARGET_MIB) failed = true;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  say(failed ? "\nA target was missed." : "\nAll targets met.");
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
