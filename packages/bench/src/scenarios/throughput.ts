import { availableParallelism } from "node:os";
import { submitScan } from "@lastcall/jobs";
import { fixtureRepositoryFiles, type GitHttpServer } from "@lastcall/testkit";
import { count, medianRange, ms, ratio, table } from "../format.js";
import { progress, type ScenarioResult, type TargetResult } from "../scenario.js";
import { createBenchServices } from "../service/bench-services.js";
import { readScanTimings, waitForScans } from "../service/scan-timings.js";
import { startWorkers } from "../service/workers.js";
import { summarize } from "../stats.js";

const REPOSITORY_COUNT = 200;
const WORKER_COUNTS = [1, 2];
const RUN_TIMEOUT_MS = 8 * 60_000;
/** Committing 200 repositories is git processes, not analysis: a few at a time is enough. */
const COMMIT_CONCURRENCY = 4;

interface Repository {
  owner: string;
  name: string;
  commit: string;
}

interface ThroughputRun {
  workers: number;
  durationMs: number;
  scansPerMinute: number;
  /** startedAt → finishedAt of each scan: the work one scan is. */
  perScanMs: number[];
  done: number;
  /** Scans analyzed more than once or never, from the workers' own log lines. */
  analyzedTwice: number;
  notAnalyzed: number;
  jobsCompleted: number;
  jobsFailed: number;
}

/**
 * Small repositories: one of the analyzer's fixture servers (a handful of files), each under its own
 * name. Written with `git fast-import` straight into the served repositories: a work tree, a commit
 * and a push for each would cost several times the git processes and tell nothing about the service.
 */
async function commitRepositories(git: GitHttpServer): Promise<Repository[]> {
  const files = await fixtureRepositoryFiles();
  const names = Array.from({ length: REPOSITORY_COUNT }, (_, index) => `server-${String(index).padStart(3, "0")}`);
  const repositories: Repository[] = [];
  for (let start = 0; start < names.length; start += COMMIT_CONCURRENCY) {
    const batch = names.slice(start, start + COMMIT_CONCURRENCY);
    const commits = await Promise.all(
      batch.map((name) =>
        git.importCommit(`throughput/${name}`, {
          files: Object.entries({ ...files, "README.md": `# ${name}\n` }),
          defaultBranch: true,
          message: "initial",
        }),
      ),
    );
    for (const [index, name] of batch.entries()) repositories.push({ owner: "throughput", name, commit: commits[index] as string });
  }
  return repositories;
}

async function measureRun(git: GitHttpServer, repositories: Repository[], workerCount: number): Promise<ThroughputRun> {
  const services = await createBenchServices(git);
  try {
    const workers = await startWorkers(services, workerCount);
    let scanIds: string[];
    let startedAt: number;
    try {
      startedAt = Date.now();
      // All at once, as a burst of pushes or submissions would queue them.
      const submitted = await Promise.all(
        repositories.map((repository) =>
          submitScan(services.db, services.queue, {
            host: services.host,
            owner: repository.owner,
            name: repository.name,
            trigger: "url",
            commitSha: repository.commit,
            ref: "main",
            isDefaultBranch: true,
          }),
        ),
      );
      scanIds = submitted.map((scan) => scan.scanId);
      await waitForScans(services.db, scanIds, RUN_TIMEOUT_MS);
    } finally {
      // Stopping drains: jobs are marked completed and every log line is read before the counts below.
      await workers.stop();
    }
    const scans = await readScanTimings(services.db, scanIds);
    const finishedAt = Math.max(...scans.map((scan) => scan.finishedAt?.getTime() ?? Number.NaN));
    const durationMs = finishedAt - startedAt;
    const jobs = await services.queue.getJobCounts("completed", "failed");
    return {
      workers: workerCount,
      durationMs,
      scansPerMinute: (scans.length / durationMs) * 60_000,
      perScanMs: scans.map((scan) => (scan.finishedAt?.getTime() ?? Number.NaN) - (scan.startedAt?.getTime() ?? Number.NaN)),
      done: scans.filter((scan) => scan.status === "done").length,
      analyzedTwice: scanIds.filter((id) => (workers.analyses.get(id) ?? 0) > 1).length,
      notAnalyzed: scanIds.filter((id) => !workers.analyses.has(id)).length,
      jobsCompleted: jobs.completed ?? 0,
      jobsFailed: jobs.failed ?? 0,
    };
  } finally {
    await services.close();
  }
}

const exactlyOnce = (run: ThroughputRun) =>
  run.done === REPOSITORY_COUNT &&
  run.analyzedTwice === 0 &&
  run.notAnalyzed === 0 &&
  run.jobsCompleted === REPOSITORY_COUNT &&
  run.jobsFailed === 0;

/** 200 distinct repositories queued at once, drained by 1 and then 2 worker processes, each on a fresh database and queue. */
export async function throughput(git: GitHttpServer): Promise<ScenarioResult> {
  progress(`throughput: committing ${REPOSITORY_COUNT} repositories`);
  const repositories = await commitRepositories(git);
  const runs: ThroughputRun[] = [];
  for (const workers of WORKER_COUNTS) {
    progress(`throughput: ${REPOSITORY_COUNT} scans, ${workers} worker process(es)`);
    runs.push(await measureRun(git, repositories, workers));
  }
  const rows = runs.map((run) => [
    String(run.workers),
    ms(run.durationMs),
    run.scansPerMinute.toFixed(0),
    medianRange(summarize(run.perScanMs)),
    `${run.done}/${REPOSITORY_COUNT} done; analyses: ${count(REPOSITORY_COUNT - run.notAnalyzed - run.analyzedTwice)} once, ${run.analyzedTwice} twice or more, ${run.notAnalyzed} never; jobs: ${run.jobsCompleted} completed, ${run.jobsFailed} failed`,
  ]);
  const [one, two] = runs;
  const scaling = one !== undefined && two !== undefined ? two.scansPerMinute / one.scansPerMinute : Number.NaN;
  const targets: TargetResult[] = runs.map((run) => ({
    target: `every one of ${REPOSITORY_COUNT} scans completed exactly once, ${run.workers} worker(s)`,
    measured: exactlyOnce(run) ? "yes" : `no: ${run.done} done, ${run.analyzedTwice} analyzed twice, ${run.notAnalyzed} never`,
    met: exactlyOnce(run),
  }));
  const markdown = [
    `${REPOSITORY_COUNT} distinct repositories (the analyzer's \`vault-dynamic-creds-not-revoked\` fixture server, a few files each), ` +
      "submitted at once with `submitScan` (as the API and webhooks do) while the worker processes wait; time runs from the first " +
      "submission to the last `finishedAt`. Each worker process runs one scan at a time (`LASTCALL_WORKER_CONCURRENCY` 1, the default), " +
      "analyzing in the analysis process it keeps (started with the worker, serving one analysis after another). " +
      "Exactly once: every Scan row done, exactly one `scan done` log line (a finished analysis) per scan across the workers, and as many " +
      "BullMQ jobs completed as scans, none failed. One run per worker count; its 200 scans are the repetition.",
    table(["workers", "all 200 done in", "scans/min", "per scan (started → stored): median (min–max)", "exactly once"], rows),
    `Scaling, 2 workers over 1 (same run): **${ratio(scaling)}** on ${availableParallelism()} cores shared with PostgreSQL, Redis and the git server.`,
  ].join("\n\n");
  return { markdown, targets };
}
