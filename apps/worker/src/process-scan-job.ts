import { type ScanJobData, scanJobDataSchema } from "@lastcall/jobs";
import { type Job, UnrecoverableError, WaitingError } from "bullmq";
import { runScan, type ScanDeps, type ScanRunResult } from "./run-scan.js";
import { settleScanFailure } from "./settle-scan-failure.js";

/**
 * BullMQ's processor for scan jobs. Permanent failures end the job without retries
 * (UnrecoverableError); transient ones are retried by BullMQ with backoff. When the worker shuts
 * down mid-scan (the abort signal), the job is moved back to waiting for another worker.
 */
export function createScanProcessor(deps: ScanDeps) {
  return async function processScanJob(
    job: Job<ScanJobData>,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<ScanRunResult> {
    const parsed = scanJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed job data: ${parsed.error.issues[0]?.message}`);
    const { scanId } = parsed.data;
    const log = deps.logger.child({ jobId: job.id, scanId });
    try {
      const result = await runScan(deps, scanId, { signal, log, onProgress: (progress) => job.updateProgress(progress) });
      if (result.outcome === "missing") throw new UnrecoverableError(`scan ${scanId} does not exist`);
      await job.updateProgress({ stage: "done" });
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
  };
}
