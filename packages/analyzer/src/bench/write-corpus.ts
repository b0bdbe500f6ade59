import { mkdir } from "node:fs/promises";
import { generateCorpus } from "./generate-corpus.js";

/**
 * `write-corpus.js DIR COUNT`: the benchmark corpus on disk for tools outside this package (the
 * service benchmark commits it as repositories), which reach it through a process, not an import:
 * `src/bench` is not part of the package's exports.
 */
const [dir, count] = process.argv.slice(2);
const fileCount = Number(count);
if (!dir || !Number.isInteger(fileCount) || fileCount < 1) {
  process.stderr.write("usage: write-corpus.js DIR COUNT\n");
  process.exitCode = 2;
} else {
  await mkdir(dir, { recursive: true });
  await generateCorpus(dir, fileCount);
}
