import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type CheckRunJobData, checkRunJobId, type ScanIdentity, type ScanJobData, scanJobId } from "./scan-job.js";
import {
  CHECK_RUN_JOB_NAME,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_SCAN_JOB_OPTIONS,
  SCAN_JOB_NAME,
  SCAN_QUEUE_NAME,
} from "./scan-queue-contract.js";

export type ScanQueue = Queue<ScanJobData | CheckRunJobData, unknown, typeof SCAN_JOB_NAME | typeof CHECK_RUN_JOB_NAME>;

/**
 * What producers need of a queue: BullMQ's Queue on Redis, or the single-node in-process queue
 * (apps/worker), which runs the same processor without Redis.
 */
export interface ScanJobQueue {
  add(name: typeof SCAN_JOB_NAME, data: ScanJobData, options: { jobId: string }): Promise<unknown>;
  add(name: typeof CHECK_RUN_JOB_NAME, data: CheckRunJobData, options: { jobId: string }): Promise<unknown>;
}

export function createScanQueue(connection: Redis, prefix = DEFAULT_QUEUE_PREFIX): ScanQueue {
  return new Queue(SCAN_QUEUE_NAME, { connection, prefix, defaultJobOptions: DEFAULT_SCAN_JOB_OPTIONS });
}

/** Adds the scan's job; a job with the same meaning already in Redis makes this a no-op. */
export async function enqueueScanJob(queue: ScanJobQueue, scan: ScanIdentity): Promise<string> {
  const jobId = scanJobId(scan);
  await queue.add(SCAN_JOB_NAME, { scanId: scan.scanId }, { jobId });
  return jobId;
}

/** Adds the check run's job; the same check run already queued makes this a no-op. */
export async function enqueueCheckRunJob(queue: ScanJobQueue, checkRunId: string): Promise<string> {
  const jobId = checkRunJobId(checkRunId);
  await queue.add(CHECK_RUN_JOB_NAME, { checkRunId }, { jobId });
  return jobId;
}
