import {
  attachScanCommit,
  completeScan,
  type Db,
  failScan,
  getScan,
  markScanStatus,
  recordScanTiming,
  requeueScan,
  type ScanProgressStatus,
} from "@lastcall/db";
import { fetchGithubRepo, githubCloneUrl, resolveRef } from "@lastcall/git-fetch";
import { type ScanJobData, type ScanProgress, scanJobDataSchema } from "@lastcall/jobs";
import { type Job, UnrecoverableError, WaitingError } from "bullmq";
import { runAnalysis } from "./analysis/run-analysis.js";
import type { WorkerConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { ScanFailure, toScanFailure } from "./scan-failure.js";

export interface ScanProcessorDeps {
  db: Db;
  config: WorkerConfig;
  logger: Logger;
  /** This worker's own directory for checkouts (see prepareWorkDir). */
  checkoutRoot: string;
}

export type ScanJobResult = { scanId: string; outcome: "done" | "already-done" | "duplicate"; duplicateOf?: string };

/** Database writes of progress are throttled: a 10,000-file scan must not mean 10,000 updates. */
const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * Runs one scan job: resolve the ref → fetch that commit → analyze in a child process → store.
 * Permanent failures are recorded on the scan and end the job without retries; transient ones
 * are retried by BullMQ with backoff. When the worker shuts down mid-scan (the abort signal), the
 * job is handed back to the queue for another worker, and the scan returns to `queued`.
 */
export function createScanProcessor(deps: ScanProcessorDeps) {
  const { db, config } = deps;

  return async function processScanJob(
    job: Job<ScanJobData>,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<ScanJobResult> {
    const parsed = scanJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed job data: ${parsed.error.issues[0]?.message}`);
    const { scanId } = parsed.data;
    const log = deps.logger.child({ jobId: job.id, scanId });
    const scan = await getScan(db, scanId);
    if (scan === null) throw new UnrecoverableError(`scan ${scanId} does not exist`);
    if (scan.status === "done") return { scanId, outcome: "already-done" };

    const progress = async (stage: ScanProgressStatus, files?: { filesDone: number; filesTotal: number }) => {
      await job.updateProgress({ stage, ...files } satisfies ScanProgress);
      await markScanStatus(db, scanId, stage, files);
    };

    try {
      const repository = scan.repository;
      if (repository.host.toLowerCase() !== config.githubServer.host.toLowerCase()) {
        throw new ScanFailure("host_not_allowed", `${repository.host} is not the configured git host (${config.githubServer.host})`);
      }
      const cloneUrl = githubCloneUrl(config.githubServer, repository.owner, repository.name);
      const webUrl = `${config.githubServer.origin}/${repository.owner}/${repository.name}`;
      const gitOptions = { server: config.githubServer, gitEnv: config.gitEnv, timeoutMs: config.fetch.timeoutMs, signal };

      log.info({ repository: `${repository.owner}/${repository.name}`, ref: scan.ref, commit: scan.commitSha }, "scan started");
      await progress("fetching");
      const fetchStarted = performance.now();
      let commit = scan.commitSha;
      if (commit === null) {
        const resolved = await resolveRef(cloneUrl, scan.ref ?? undefined, gitOptions);
        const attached = await attachScanCommit(db, scanId, { commitSha: resolved.commit, isDefaultBranch: resolved.isDefaultBranch });
        if (attached.duplicateOf !== undefined) {
          log.info({ duplicateOf: attached.duplicateOf }, "commit already scanned");
          return { scanId, outcome: "duplicate", duplicateOf: attached.duplicateOf };
        }
        commit = resolved.commit;
      }

      let fetchMs = 0;
      const analyzeStarted = { at: 0 };
      let lastWrite = 0;
      const report = await fetchGithubRepo(
        { cloneUrl },
        { ...gitOptions, commit, tempRoot: deps.checkoutRoot, maxBytes: config.fetch.maxBytes, maxFiles: config.fetch.maxFiles },
        async (checkout) => {
          fetchMs = Math.round(performance.now() - fetchStarted);
          await recordScanTiming(db, scanId, { fetchMs });
          await progress("analyzing", { filesDone: 0, filesTotal: 0 });
          analyzeStarted.at = performance.now();
          return runAnalysis(
            { dir: checkout.dir, commit: checkout.commit, displayPath: webUrl },
            {
              ...config.analysis,
              signal,
              onProgress: (filesDone, filesTotal) => {
                const now = Date.now();
                if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS && filesDone < filesTotal) return;
                lastWrite = now;
                progress("analyzing", { filesDone, filesTotal }).catch((error: unknown) =>
                  log.warn({ err: error }, "progress update failed"),
                );
              },
            },
          );
        },
      );
      const analyzeMs = Math.round(performance.now() - analyzeStarted.at);
      await progress("scoring", { filesDone: report.stats.files, filesTotal: report.stats.files });
      const stored = await completeScan(db, scanId, report, { fetchMs, analyzeMs });
      await job.updateProgress({ stage: "done" });
      log.info({ score: report.score, grade: report.grade, fetchMs, analyzeMs, stored }, "scan done");
      return { scanId, outcome: stored ? "done" : "already-done" };
    } catch (error) {
      if (signal?.aborted) {
        // Shutting down: the scan goes back to the queue untouched, for this or another worker.
        await requeueScan(db, scanId);
        await job.moveToWait(token);
        log.info("scan handed back to the queue");
        throw new WaitingError();
      }
      const failure = toScanFailure(error);
      const attempts = job.opts.attempts ?? 1;
      const lastAttempt = job.attemptsMade + 1 >= attempts;
      if (failure.permanent || lastAttempt) {
        await failScan(db, scanId, { code: failure.code, message: failure.message });
        await job.updateProgress({ stage: "failed" });
        log.warn({ code: failure.code, reason: failure.message }, "scan failed");
        throw failure.permanent ? new UnrecoverableError(`${failure.code}: ${failure.message}`) : failure;
      }
      await requeueScan(db, scanId);
      log.warn({ code: failure.code, reason: failure.message, attempt: job.attemptsMade + 1, of: attempts }, "scan will be retried");
      throw failure;
    }
  };
}
