import { rm } from "node:fs/promises";
import { createDb } from "@lastcall/db";
import {
  type CheckRunJobData,
  createRedisConnection,
  createScanQueue,
  publishRepositoryChange,
  SCAN_QUEUE_NAME,
  type ScanJobData,
} from "@lastcall/jobs";
import { Worker } from "bullmq";
import { AnalysisChildren } from "./analysis/analysis-children.js";
import type { CheckRunResult } from "./check-run/run-check-run.js";
import { requireQueueServices, type WorkerConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { createScanProcessor } from "./process-scan-job.js";
import { requeueLostScans } from "./requeue-lost-scans.js";
import type { ScanRunResult } from "./run-scan.js";
import { prepareWorkDir } from "./work-dir.js";

export interface RunningWorker {
  readonly worker: Worker<ScanJobData | CheckRunJobData, ScanRunResult | CheckRunResult>;
  /**
   * Graceful stop: take no new jobs, let the active ones finish within the drain bound, then hand
   * the rest back to the queue; close BullMQ, Redis and the database; remove the checkouts.
   */
  close(): Promise<void>;
}

/** How often a worker looks for scans whose jobs Redis lost; every worker does, and they add each job once. */
const REQUEUE_INTERVAL_MS = 5 * 60_000;
/** Queued scans younger than this may still be on their way into Redis. */
const QUEUED_GRACE_MS = 60_000;
/** Beyond a scan's own time limits, for resolving the ref, storing and waiting out a database outage. */
const RUNNING_MARGIN_MS = 5 * 60_000;

export async function startScanWorker(config: WorkerConfig, logger: Logger): Promise<RunningWorker> {
  const { databaseUrl, redisUrl } = requireQueueServices(config);
  const { dir: checkoutRoot, removedOrphans } = await prepareWorkDir(config.workDir);
  if (removedOrphans.length > 0) logger.info({ removedOrphans }, "removed checkouts left by workers that died");
  const db = createDb(databaseUrl);
  const connection = createRedisConnection(redisUrl, "worker");
  const analysisChildren = new AnalysisChildren({ maxMemoryMb: config.analysis.maxMemoryMb, processes: config.concurrency });
  const worker = new Worker<ScanJobData | CheckRunJobData, ScanRunResult | CheckRunResult>(
    SCAN_QUEUE_NAME,
    createScanProcessor({
      db,
      config,
      logger,
      checkoutRoot,
      analysisChildren,
      // Not awaited: a notice that cannot be sent costs a badge minutes of staleness, not the scan.
      onScanStored: (repository) =>
        void publishRepositoryChange(connection, config.queuePrefix, repository).catch((error: unknown) =>
          logger.warn({ err: error }, "repository change notice not sent"),
        ),
    }),
    {
      connection,
      prefix: config.queuePrefix,
      concurrency: config.concurrency,
      lockDuration: config.lockDurationMs,
      stalledInterval: config.stalledIntervalMs,
    },
  );
  worker.on("error", (error) => logger.error({ err: error }, "worker error"));

  const queue = createScanQueue(connection, config.queuePrefix);
  const requeueOptions = {
    queuedGraceMs: QUEUED_GRACE_MS,
    runningGraceMs: config.fetch.timeoutMs + config.analysis.timeoutMs + RUNNING_MARGIN_MS,
  };
  let requeueing: Promise<unknown> = Promise.resolve();
  const requeue = () => {
    requeueing = requeueLostScans(db, queue, requeueOptions, logger).catch((error: unknown) =>
      logger.warn({ err: error }, "could not check for scans whose jobs were lost"),
    );
  };
  requeue();
  const requeueTimer = setInterval(requeue, REQUEUE_INTERVAL_MS);

  let closing: Promise<void> | undefined;
  const close = async () => {
    clearInterval(requeueTimer);
    const drained = worker.close();
    const handBack = setTimeout(() => {
      logger.warn({ drainMs: config.shutdownDrainMs }, "active scans did not finish in time; handing them back to the queue");
      worker.cancelAllJobs("worker shutting down");
    }, config.shutdownDrainMs);
    try {
      await drained;
    } finally {
      clearTimeout(handBack);
      await analysisChildren.close();
      await requeueing;
      await queue.close();
      await db.$disconnect();
      await connection.quit();
      await rm(checkoutRoot, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  return {
    worker,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
