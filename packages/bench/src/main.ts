import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { closeAll, closeOnExit } from "./cleanup.js";
import { describeMachine, describeRevision } from "./machine.js";
import { assertBuilt, paths } from "./paths.js";
import { renderReport } from "./report.js";
import { progress, type ReportSection, type ScenarioResult } from "./scenario.js";
import { analyzerSpeed } from "./scenarios/analyzer-speed.js";
import { badgeServing } from "./scenarios/badge-serving.js";
import { scanLatency } from "./scenarios/scan-latency.js";
import { submissionLoad } from "./scenarios/submission-load.js";
import { throughput } from "./scenarios/throughput.js";
import { createBenchServices } from "./service/bench-services.js";
import { startWebServer, type WebStack } from "./service/web-server.js";

/** Everything a scenario may need; the web app and its database are started by the first that asks. */
interface BenchContext {
  git: GitHttpServer;
  web(): Promise<WebStack>;
}

/** In the order they run: the analyzer first, on a machine with nothing of ours running yet. */
const SCENARIOS: Array<{ name: string; title: string; run: (context: BenchContext) => Promise<ScenarioResult> }> = [
  { name: "analyzer", title: "1. Analyzer vs the parsing floor and ESLint", run: () => analyzerSpeed() },
  { name: "throughput", title: "3. Throughput", run: ({ git }) => throughput(git) },
  { name: "latency", title: "2. Scan latency", run: async ({ web }) => scanLatency(await web()) },
  { name: "badges", title: "4. Badge serving", run: async ({ web }) => badgeServing(await web()) },
  { name: "submissions", title: "5. Submission under load", run: async ({ web }) => submissionLoad(await web()) },
];

/** A scenario that could not finish is reported as such, and the others still run. */
function failedSection(title: string, error: unknown): ReportSection {
  const message = error instanceof Error ? error.message : String(error);
  return {
    title,
    markdown: `**This scenario failed and has no figures:**\n\n\`\`\`\n${message}\n\`\`\``,
    targets: [{ target: "the scenario ran to the end", measured: message.split("\n")[0] ?? "", met: false }],
  };
}

/**
 * `node dist/main.js [--only NAME,...]`: every benchmark of the issue in turn and the report written
 * to docs/benchmarks.md. `--only` runs some of them and prints their report on stdout instead,
 * leaving the full report as it was. Exits 1 when a scenario failed; a missed target is a finding,
 * not a failure.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string" } } });
  const names = SCENARIOS.map((scenario) => scenario.name);
  const selected = values.only === undefined ? names : values.only.split(",").map((name) => name.trim());
  const unknown = selected.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")}; choose from ${names.join(", ")}`);
  assertBuilt();

  const startedAt = new Date();
  const machine = describeMachine();
  progress(`machine: ${machine}`);
  const git = await startGitHttpServer();
  const closeGit = closeOnExit(() => git.close());
  let web: WebStack | undefined;
  const context: BenchContext = {
    git,
    async web() {
      if (web === undefined) {
        const services = await createBenchServices(git);
        web = { services, server: await startWebServer(services) };
      }
      return web;
    },
  };

  const sections: ReportSection[] = [];
  try {
    for (const scenario of SCENARIOS.filter(({ name }) => selected.includes(name))) {
      const started = Date.now();
      try {
        sections.push({ title: scenario.title, ...(await scenario.run(context)) });
      } catch (error) {
        progress(`${scenario.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        sections.push(failedSection(scenario.title, error));
        process.exitCode = 1;
      }
      progress(`${scenario.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await web?.server.process.stop();
    await web?.services.close();
    await closeGit();
  }

  sections.sort((a, b) => a.title.localeCompare(b.title));
  const durationMs = Date.now() - startedAt.getTime();
  const report = renderReport({ machine, revision: describeRevision(), startedAt, durationMs, scenarios: sections });
  if (values.only === undefined) {
    await writeFile(paths.report, report);
    progress(`wrote ${paths.report}`);
  } else {
    process.stdout.write(report);
  }
  const missed = sections.flatMap((section) => section.targets).filter((target) => !target.met);
  progress(missed.length === 0 ? "all targets met" : `missed: ${missed.map((target) => target.target).join("; ")}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    closeAll().finally(() => process.exit(130));
  });
}
await main();
