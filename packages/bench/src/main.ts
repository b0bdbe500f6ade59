import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startGitHttpServer } from "@lastcall/testkit";
import { closeAll, closeOnExit } from "./cleanup.js";
import { describeMachine, describeRevision } from "./machine.js";
import { assertBuilt, paths } from "./paths.js";
import { renderReport } from "./report.js";
import { progress, type ScenarioResult } from "./scenario.js";
import { analyzerSpeed } from "./scenarios/analyzer-speed.js";
import { badgeServing } from "./scenarios/badge-serving.js";
import { scanLatency } from "./scenarios/scan-latency.js";
import { submissionLoad } from "./scenarios/submission-load.js";
import { throughput } from "./scenarios/throughput.js";
import { type BenchServices, createBenchServices } from "./service/bench-services.js";
import { type RunningWebServer, startWebServer } from "./service/web-server.js";

const SCENARIOS = ["analyzer", "throughput", "latency", "badges", "submissions"] as const;
type ScenarioName = (typeof SCENARIOS)[number];

/**
 * `node dist/main.js [--only NAME,...]`: every benchmark of the issue in turn — the analyzer first, on a
 * quiet machine, then the service's — and the report written to docs/benchmarks.md. `--only` runs
 * some of them and prints their report on stdout instead, leaving the full report as it was.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string" } } });
  const selected = values.only === undefined ? [...SCENARIOS] : values.only.split(",").map((name) => name.trim());
  const unknown = selected.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")}; choose from ${SCENARIOS.join(", ")}`);
  assertBuilt();

  const startedAt = new Date();
  const machine = describeMachine();
  progress(`machine: ${machine}`);
  const git = await startGitHttpServer();
  const closeGit = closeOnExit(() => git.close());
  // The web app and its database are shared by the scenarios that go through HTTP; started when first needed.
  let web: { services: BenchServices; server: RunningWebServer } | undefined;
  const webStack = async () => {
    if (web === undefined) {
      const services = await createBenchServices(git);
      web = { services, server: await startWebServer(services) };
    }
    return web;
  };
  const run: Record<ScenarioName, () => Promise<ScenarioResult>> = {
    analyzer: analyzerSpeed,
    throughput: () => throughput(git),
    latency: async () => (({ services, server }) => scanLatency(services, server))(await webStack()),
    badges: async () => (({ services, server }) => badgeServing(services, server))(await webStack()),
    submissions: async () => (({ services, server }) => submissionLoad(services, server))(await webStack()),
  };

  const results: ScenarioResult[] = [];
  try {
    for (const name of SCENARIOS) {
      if (!selected.includes(name)) continue;
      const started = Date.now();
      results.push(await run[name]());
      progress(`${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await web?.server.process.stop();
    await web?.services.close();
    await closeGit();
  }

  const report = renderReport({
    machine,
    revision: describeRevision(),
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    scenarios: results,
  });
  if (values.only === undefined) {
    await writeFile(paths.report, report);
    progress(`wrote ${paths.report}`);
  } else {
    process.stdout.write(report);
  }
  const missed = results.flatMap((result) => result.targets).filter((target) => !target.met);
  progress(missed.length === 0 ? "all targets met" : `missed: ${missed.map((target) => target.target).join("; ")}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    closeAll().finally(() => process.exit(130));
  });
}
await main();
