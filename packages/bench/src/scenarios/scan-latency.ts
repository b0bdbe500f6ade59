import { count, ms, table } from "../format.js";
import { below, progress, type ScenarioResult } from "../scenario.js";
import { corpusRepositoryFiles } from "../service/repository-files.js";
import { type ScanTimings, waitForScans } from "../service/scan-timings.js";
import { submitThroughApi } from "../service/submit-through-api.js";
import type { WebStack } from "../service/web-server.js";
import { startWorkers } from "../service/workers.js";
import { percentile } from "../stats.js";

const SCANS_PER_REPOSITORY = 20;
const REPOSITORY_SIZES = [50, 1_000];
const P50_TARGET_MS = 2_000;
const SCAN_TIMEOUT_MS = 120_000;

/** One scan's time split into stages that add up to the whole, from submission to the report stored. */
interface StageTimes {
  /** POST sent → scan row created: parsing, `git ls-remote` of the ref, the repository upsert. */
  api: number;
  /** Row created → a worker started it. */
  queue: number;
  fetch: number;
  /** Sending the request to the analysis process, analyzing, sending the report back. */
  analysis: number;
  storage: number;
  /** Status and progress writes between the stages. */
  other: number;
  total: number;
  /** POST sent → answered (the submitter's wait, part of `api` and `queue`). */
  answer: number;
}

interface LatencyRepository {
  size: number;
  slug: string;
  url: string;
  runs: StageTimes[];
}

const STAGES: Array<[keyof StageTimes, string]> = [
  ["api", "API: request → scan row (resolve ref, store)"],
  ["queue", "queue wait"],
  ["fetch", "fetch (shallow clone of the commit)"],
  ["analysis", "analysis (child process)"],
  ["storage", "storage (report, findings, outcomes)"],
  ["other", "other (status writes between stages)"],
  ["total", "**total: submitted → report stored**"],
  ["answer", "POST answered (inside the above)"],
];

function stageTimes(sentAt: number, answeredAt: number, scan: ScanTimings): StageTimes {
  const created = scan.createdAt.getTime();
  const started = scan.startedAt?.getTime() ?? Number.NaN;
  const total = (scan.finishedAt?.getTime() ?? Number.NaN) - sentAt;
  const api = created - sentAt;
  const queue = started - created;
  const fetch = scan.fetchMs ?? Number.NaN;
  const analysis = scan.analyzeMs ?? Number.NaN;
  const storage = scan.storeMs ?? Number.NaN;
  return {
    api,
    queue,
    fetch,
    analysis,
    storage,
    other: total - api - queue - fetch - analysis - storage,
    total,
    answer: answeredAt - sentAt,
  };
}

/**
 * Submit through the API → report stored, one scan at a time on an idle worker, each scan of a new
 * commit (so nothing is deduplicated), the two repository sizes alternating.
 */
export async function scanLatency({ services, server: web }: WebStack): Promise<ScenarioResult> {
  const repositories: LatencyRepository[] = [];
  for (const size of REPOSITORY_SIZES) {
    const slug = `bench/latency-${size}`;
    // Written with `git fast-import`, as are the commits of each run: the runner's git work is not the service's.
    await services.git.importCommit(slug, {
      files: Object.entries(await corpusRepositoryFiles(size)),
      defaultBranch: true,
      message: "initial",
    });
    repositories.push({ size, slug, url: `${services.git.url}/${slug}`, runs: [] });
  }
  const workers = await startWorkers(services, 1);
  try {
    const scanOnce = async (repository: LatencyRepository, run: number): Promise<StageTimes> => {
      await services.git.importCommit(repository.slug, { files: [["BENCH_RUN.md", `run ${run}\n`]], message: `bench run ${run}` });
      const submitted = await submitThroughApi(web.baseUrl, repository.url);
      if (!submitted.created) throw new Error(`scan of a new commit of ${repository.slug} was not created`);
      const scan = (await waitForScans(services.db, [submitted.scanId], SCAN_TIMEOUT_MS)).get(submitted.scanId) as ScanTimings;
      return stageTimes(submitted.sentAt, submitted.answeredAt, scan);
    };
    // One untimed scan each first: the worker's and the web app's first requests load code and open pools.
    for (const repository of repositories) await scanOnce(repository, -1);
    for (let run = 0; run < SCANS_PER_REPOSITORY; run++) {
      for (const repository of repositories) repository.runs.push(await scanOnce(repository, run));
      progress(`scan latency: ${run + 1}/${SCANS_PER_REPOSITORY} rounds`);
    }
  } finally {
    await workers.stop();
  }

  const header = ["stage", ...repositories.flatMap(({ size }) => [`${count(size)} files p50`, "p95"])];
  const rows = STAGES.map(([stage, label]) => [
    label,
    ...repositories.flatMap(({ runs }) => {
      const values = runs.map((run) => run[stage]);
      return [ms(percentile(values, 50)), ms(percentile(values, 95))];
    }),
  ]);
  const small = repositories[0]?.runs.map((run) => run.total) ?? [];
  const p50 = percentile(small, 50);
  const markdown = [
    `${SCANS_PER_REPOSITORY} scans per repository (after one untimed scan each), one at a time, through \`POST /api/v1/scans\` of the ` +
      "built web app, one worker process (`apps/worker/dist/main.js`, one scan at a time, analyzing in the analysis process it " +
      "keeps), the local smart-HTTP git server. " +
      "Each scan is of a new commit. Stages come from the Scan row (`createdAt`, `startedAt`, `fetchMs`, `analyzeMs`, `storeMs`, " +
      "`finishedAt`) and the runner's clock for the request; p50/p95 are nearest-rank over the scans.",
    table(header, rows),
  ].join("\n\n");
  return {
    markdown,
    targets: [below(`p50 submitted → stored < 2 s, ${count(REPOSITORY_SIZES[0] ?? 0)}-file repository`, p50, P50_TARGET_MS, ms(p50))],
  };
}
