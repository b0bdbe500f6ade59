import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type ScanIdentity, scanJobId } from "./scan-job.js";
import { DEFAULT_QUEUE_PREFIX, DEFAULT_SCAN_JOB_OPTIONS, SCAN_JOB_NAME, SCAN_QUEUE_NAME } from "./scan-queue-contract.js";

export type ScanQueue = Queue<{ scanId: string }, unknown, typeof SCAN_JOB_NAME>;

export function createScanQueue(connection: Redis, prefix = DEFAULT_QUEUE_PREFIX): ScanQueue {
  return new Queue(SCAN_QUEUE_NAME, { connection, prefix, defaultJobOptions: DEFAULT_SCAN_JOB_OPTIONS });
}

/** Adds the scan's job; a job with the same meaning already in Redis makes this a no-op. */
export async function enqueueScanJob(queue: ScanQueue, scan: ScanIdentity): Promise<string> {
  const jobId = scanJobId(scan);
  await queue.add(SCAN_JOB_NAME, { scanId: scan.scanId }, { jobId });
  return jobId;
}
