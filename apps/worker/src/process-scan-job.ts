import {
  CHECK_RUN_JOB_NAME,
  type CheckRunJobData,
  checkRunJobDataSchema,
  type ScanJobData,
  type ScanProgress,
  scanJobDataSchema,
} from "@lastcall/jobs";
import { DelayedError, type Job, UnrecoverableError, WaitingError } from "bullmq";
import { type CheckRunResult, runCheckRun } from "./check-run/run-check-run.js";
import { runScan, type ScanDeps, type ScanRunResult } from "./run-scan.js";
import { settleScanFailure } from "./settle-scan-failure.js";

/** How often a check-run job looks again at scans that have not finished. */
export const CHECK_RUN_POLL_MS = 2_000;

/**
 * BullMQ's processor for the queue's jobs. Scan jobs: permanent failures end the job without
 * retries (UnrecoverableError); transient ones are retried by BullMQ with backoff; on shutdown
 * mid-scan (the abort signal) the job is moved back to waiting for another worker. Check-run
 * jobs wait for their scans by delaying themselves.
 */
export function createScanProcessor(deps: ScanDeps) {
  async function processScan(job: Job<ScanJobData>, token: string | undefined, signal: AbortSignal | undefined): Promise<ScanRunResult> {
    const parsed = scanJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed job data: ${parsed.error.issues[0]?.message}`);
    const { scanId } = parsed.data;
    const log = deps.logger.child({ jobId: job.id, scanId });
    try {
      // The job's progress is a courtesy to queue dashboards; the scan's row is what users see. A
      // Redis that restarted without its data has lost the job, and must not fail the scan with it.
      const reportProgress = (progress: ScanProgress) =>
        job.updateProgress(progress).catch((error: unknown) => log.warn({ err: error }, "job progress not recorded"));
      const result = await runScan(deps, scanId, { signal, log, onProgress: reportProgress });
      if (result.outcome === "missing") throw new UnrecoverableError(`scan ${scanId} does not exist`);
      await reportProgress({ stage: "done" });
      return result;
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      const maxAttempts = job.opts.attempts ?? 1;
      const settled = await settleScanFailure(deps.db, scanId, error, {
        stopping: signal?.aborted ?? false,
        attempt: job.attemptsMade + 1,
        maxAttempts,
        log,
      });
      if (settled.kind === "handed-back") {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (settled.kind === "failed") await job.updateProgress({ stage: "failed" });
      throw settled.kind === "failed" && settled.failure.permanent
        ? new UnrecoverableError(`${settled.failure.code}: ${settled.failure.message}`)
        : settled.failure;
    }
  }

  async function processCheckRun(job: Job<CheckRunJobData>, token: string | undefined): Promise<CheckRunResult> {
    const parsed = checkRunJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed job data: ${parsed.error.issues[0]?.message}`);
    const result = await runCheckRun(
      deps,
      parsed.data.checkRunId,
      deps.logger.child({ jobId: job.id, checkRunId: parsed.data.checkRunId }),
    );
    if (result.outcome === "waiting") {
      await job.moveToDelayed(Date.now() + CHECK_RUN_POLL_MS, token);
      throw new DelayedError();
    }
    return result;
  }

  return function processJob(
    job: Job<ScanJobData | CheckRunJobData>,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<ScanRunResult | CheckRunResult> {
    return job.name === CHECK_RUN_JOB_NAME
      ? processCheckRun(job as Job<CheckRunJobData>, token)
      : processScan(job as Job<ScanJobData>, token, signal);
  };
}
