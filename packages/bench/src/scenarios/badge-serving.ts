import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { fixtureRepositoryFiles } from "@lastcall/testkit";
import autocannon from "autocannon";
import { count, medianRange, ms, ratio, table } from "../format.js";
import { paths } from "../paths.js";
import { profileWebUnderLoad } from "../profile/web-profile.js";
import { atLeast, below, progress, type ScenarioResult, type TargetResult, whereTheTimeGoes } from "../scenario.js";
import type { BenchServices } from "../service/bench-services.js";
import { waitForScans } from "../service/scan-timings.js";
import { submitThroughApi } from "../service/submit-through-api.js";
import type { RunningWebServer, WebStack } from "../service/web-server.js";
import { startWorkers } from "../service/workers.js";
import { summarize } from "../stats.js";

/** Two rounds of 10 s per target: the whole benchmark must finish within ten minutes on two cores. */
const ROUNDS = 2;
const DURATION_S = 10;
const WARMUP_S = 1;
const CONNECTIONS = 50;
const RATIO_TARGET = 0.5;
const P99_TARGET_MS = 50;
const PROFILE_S = 5;

interface Target {
  name: string;
  path: string;
}

interface LoadRun {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

/**
 * The static file to compare with: apps/web/public is empty, so a file Next.js serves from
 * `.next/static` (`/_next/static/...`), the one closest in size to the SVG badge, so that both
 * responses cost the same to send.
 */
async function staticAssetLike(bytes: number): Promise<string> {
  let best: { path: string; distance: number } | undefined;
  for (const entry of await readdir(paths.webStatic, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(js|css)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const distance = Math.abs((await stat(file)).size - bytes);
    if (best === undefined || distance < best.distance) best = { path: file, distance };
  }
  if (best === undefined) throw new Error(`no static asset under ${paths.webStatic}`);
  return `/_next/static/${relative(paths.webStatic, best.path).split("\\").join("/")}`;
}

async function load(url: string, durationS: number): Promise<LoadRun> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: durationS });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * What any route handler costs here: `/healthz` does no work, but goes through the same Next.js
 * route-handler pipeline as the badge, which the static file skips.
 */
async function routeBaseline(web: RunningWebServer, staticRps: number): Promise<string> {
  await load(`${web.baseUrl}/healthz`, WARMUP_S);
  const run = await load(`${web.baseUrl}/healthz`, PROFILE_S);
  return (
    `For scale: \`/healthz\`, a route handler that does no work but goes through the same Next.js route-handler pipeline, served ` +
    `${count(run.requestsPerSecond)} requests/s (p50 ${ms(run.p50)}, p99 ${ms(run.p99)}) under the same load for ${PROFILE_S} s: ` +
    `${((run.requestsPerSecond / staticRps) * 100).toFixed(0)} % of the static file's median.`
  );
}

/** A repository with a finished default-branch scan, so the badge shows a real score (and the lookups find rows). */
async function scannedRepository(services: BenchServices, web: RunningWebServer): Promise<string> {
  const slug = "bench/badge";
  await services.git.commit(slug, { files: await fixtureRepositoryFiles(), message: "initial" });
  const workers = await startWorkers(services, 1);
  try {
    const { scanId } = await submitThroughApi(web.baseUrl, `${services.git.url}/${slug}`);
    await waitForScans(services.db, [scanId], 60_000);
  } finally {
    await workers.stop();
  }
  return slug;
}

/** autocannon against the SVG badge, the shields JSON and a static file of the same server, interleaved round by round. */
export async function badgeServing({ services, server: web }: WebStack): Promise<ScenarioResult> {
  const slug = await scannedRepository(services, web);
  const svg = await fetch(`${web.baseUrl}/badge/${slug}.svg`);
  const svgBytes = (await svg.arrayBuffer()).byteLength;
  const svgTarget: Target = { name: "badge SVG", path: `/badge/${slug}.svg` };
  const targets: Target[] = [
    { name: "static file", path: await staticAssetLike(svgBytes) },
    svgTarget,
    { name: "badge JSON (shields endpoint)", path: `/badge/${slug}.json` },
  ];
  for (const target of targets) {
    const response = await fetch(`${web.baseUrl}${target.path}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${target.path} answered ${response.status}`);
    await load(`${web.baseUrl}${target.path}`, WARMUP_S);
  }
  const runs = new Map<string, LoadRun[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      progress(`badges: round ${round + 1}/${ROUNDS}, ${target.name}`);
      runs.get(target.name)?.push(await load(`${web.baseUrl}${target.path}`, DURATION_S));
    }
  }

  const staticRuns = runs.get("static file") ?? [];
  const rows = targets.map((target) => {
    const targetRuns = runs.get(target.name) ?? [];
    const ratios = targetRuns.map((run, index) => run.requestsPerSecond / (staticRuns[index]?.requestsPerSecond ?? Number.NaN));
    const failures = targetRuns.reduce((sum, run) => sum + run.failures, 0);
    return {
      target,
      failures,
      ratio: summarize(ratios),
      p99: summarize(targetRuns.map((run) => run.p99)),
      cells: [
        `${target.name}: \`${target.path}\``,
        medianRange(summarize(targetRuns.map((run) => run.requestsPerSecond)), count),
        medianRange(summarize(targetRuns.map((run) => run.p50))),
        medianRange(summarize(targetRuns.map((run) => run.p99))),
        medianRange(summarize(ratios), ratio),
        count(failures),
      ],
    };
  });
  // Failed requests make a run's figures meaningless (a 404 is cheap): such a target counts as missed.
  const staticFailures = rows[0]?.failures ?? 0;
  const judged: TargetResult[] = rows
    .filter((row) => row.target.path.startsWith("/badge/"))
    .flatMap((row) => {
      const failed = row.failures + staticFailures;
      const pair = [
        atLeast(
          `${row.target.name} ≥ 50 % of the static file's requests/s`,
          row.ratio.median,
          RATIO_TARGET,
          `${(row.ratio.median * 100).toFixed(0)} %`,
        ),
        below(`${row.target.name} p99 < ${P99_TARGET_MS} ms`, row.p99.median, P99_TARGET_MS, ms(row.p99.median)),
      ];
      return failed === 0 ? pair : pair.map((target) => ({ ...target, met: false, missedBy: `invalid: ${count(failed)} failed requests` }));
    });
  const markdown = [
    `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} rounds of the three targets in turn (after a ${WARMUP_S} s ` +
      "warm-up each), against the built web app (production mode, our `server.ts` in front of Next.js). The load generator runs on the " +
      "same machine and takes a share of its cores. The badge is of a repository with a finished scan. `server.ts` answers badges " +
      "itself, before Next.js, from what it keeps in memory of each repository (read from PostgreSQL once, dropped when a change " +
      "notice says a scan was stored), so the static file goes through Next.js and the badge does not. Ratios are to the static " +
      "file's run of the same round. With " +
      `${CONNECTIONS} connections always waiting, mean latency is ${CONNECTIONS} ÷ throughput: a p99 under ${P99_TARGET_MS} ms takes ` +
      `well over ${count((CONNECTIONS / P99_TARGET_MS) * 1000)} requests/s.`,
    table(
      ["target", "requests/s: median (min–max)", "p50 latency", "p99 latency", "throughput / static", "non-2xx + errors"],
      rows.map((row) => row.cells),
    ),
  ];
  if (judged.some((target) => !target.met)) {
    progress("badges: profiling the web server under badge load, since a target was missed");
    const staticRps = summarize(staticRuns.map((run) => run.requestsPerSecond)).median;
    markdown.push(
      ...(await whereTheTimeGoes("Where the badge's time goes", async () => {
        const baseline = await routeBaseline(web, staticRps);
        return `${baseline}\n\n${await profileWebUnderLoad(services, svgTarget.path, CONNECTIONS, PROFILE_S)}`;
      })),
    );
  }
  return { markdown: markdown.join("\n\n"), targets: judged };
}
