import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The monorepo's root: the benchmark drives the other workspaces' built output, never their sources. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export const paths = {
  analyzerBench: `${REPO_ROOT}packages/analyzer/dist/bench/run-bench.js`,
  analyzerMeasure: `${REPO_ROOT}packages/analyzer/dist/bench/measure.js`,
  writeCorpus: `${REPO_ROOT}packages/analyzer/dist/bench/write-corpus.js`,
  eslintMeasure: fileURLToPath(new URL("./analyzer-speed/measure-eslint.js", import.meta.url)),
  webDir: `${REPO_ROOT}apps/web`,
  webServer: `${REPO_ROOT}apps/web/dist/server.js`,
  webStatic: `${REPO_ROOT}apps/web/.next/static`,
  worker: `${REPO_ROOT}apps/worker/dist/main.js`,
  report: `${REPO_ROOT}docs/benchmarks.md`,
};

/** Fails early, naming what is missing, rather than half-way through a ten-minute run. */
export function assertBuilt(): void {
  const missing = Object.entries(paths).filter(([name, path]) => name !== "report" && !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `not built: ${missing.map(([, path]) => path).join(", ")} — run \`npm run build\` (root \`npm run bench\` builds first)`,
    );
  }
}
