import { listUnfinishedScans } from "@lastcall/db";
import {
  type CHECK_RUN_JOB_NAME,
  type CheckRunJobData,
  DEFAULT_SCAN_JOB_OPTIONS,
  type SCAN_JOB_NAME,
  type ScanJobData,
  type ScanJobQueue,
  scanJobId,
} from "@lastcall/jobs";
import PQueue from "p-queue";
import { runCheckRun } from "./check-run/run-check-run.js";
import { CHECK_RUN_POLL_MS } from "./process-scan-job.js";
import { runScan, type ScanDeps } from "./run-scan.js";
import { settleScanFailure } from "./settle-scan-failure.js";

export interface InProcessScanQueueOptions {
  concurrency: number;
  /** How long `close()` lets running scans finish before handing them back (they resume on the next start). */
  drainMs: number;
  maxAttempts?: number;
  /** First retry delay; doubled for each further attempt, as BullMQ's exponential backoff. */
  backoffMs?: number;
}

/**
 * The single-node queue: scans run in this process through the same `runScan` and failure rules
 * as the BullMQ worker, with bounded concurrency (p-queue) and the same job-id dedup. It keeps
 * nothing itself: the database is the record, so scans that were queued or running when the
 * process stopped are found and resumed by `resumeUnfinished()` on the next start.
 */
export class InProcessScanQueue implements ScanJobQueue {
  readonly #deps: ScanDeps;
  readonly #options: Required<InProcessScanQueueOptions>;
  readonly #queue: PQueue;
  /** Job ids waiting or running, so that an identical submission adds nothing, as with BullMQ. */
  readonly #jobIds = new Set<string>();
  readonly #stopping = new AbortController();
  /** Every job's settlement, so that `close()` can wait for all of them. */
  readonly #running = new Set<Promise<void>>();

  constructor(deps: ScanDeps, options: InProcessScanQueueOptions) {
    this.#deps = deps;
    this.#options = {
      maxAttempts: DEFAULT_SCAN_JOB_OPTIONS.attempts,
      backoffMs: DEFAULT_SCAN_JOB_OPTIONS.backoff.delay,
      ...options,
    };
    this.#queue = new PQueue({ concurrency: options.concurrency });
  }

  /** Waiting plus running scans. */
  get size(): number {
    return this.#jobIds.size;
  }

  async add(name: typeof SCAN_JOB_NAME, data: ScanJobData, options: { jobId: string }): Promise<void>;
  async add(name: typeof CHECK_RUN_JOB_NAME, data: CheckRunJobData, options: { jobId: string }): Promise<void>;
  async add(name: string, data: ScanJobData | CheckRunJobData, options: { jobId: string }): Promise<void> {
    if (this.#stopping.signal.aborted || this.#jobIds.has(options.jobId)) return;
    this.#jobIds.add(options.jobId);
    // A check run mostly waits for scans: it runs beside the queue, so that it never holds one of
    // the concurrency slots the scans it waits for need.
    const running = "checkRunId" in data ? this.#checkRun(data.checkRunId) : this.#queue.add(() => this.#run(data.scanId));
    const settled = running
      .finally(() => this.#jobIds.delete(options.jobId))
      .catch((error: unknown) => this.#deps.logger.error({ err: error, job: name, ...data }, "job could not be settled"));
    this.#running.add(settled);
    void settled.finally(() => this.#running.delete(settled));
  }

  /** Queues every scan the database says is queued or running: the ones a stopped process left. */
  async resumeUnfinished(): Promise<number> {
    const unfinished = await listUnfinishedScans(this.#deps.db);
    for (const scan of unfinished) {
      await this.add("scan", { scanId: scan.id }, { jobId: scanJobId({ ...scan, scanId: scan.id }) });
    }
    return unfinished.length;
  }

  /** Takes nothing new; running scans get `drainMs` to finish, then are handed back (queued again). */
  async close(): Promise<void> {
    this.#queue.pause();
    this.#queue.clear();
    const handBack = setTimeout(() => this.#stopping.abort(new Error("shutting down")), this.#options.drainMs);
    await this.#queue.onIdle();
    clearTimeout(handBack);
    // Check runs still waiting stop now; their rows stay queued and the next start resumes them.
    this.#stopping.abort(new Error("shut down"));
    await Promise.all(this.#running);
  }

  /** Publishes one check run, polling until the scans it compares have finished. */
  async #checkRun(checkRunId: string): Promise<void> {
    const log = this.#deps.logger.child({ checkRunId });
    const signal = this.#stopping.signal;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await runCheckRun(this.#deps, checkRunId, log);
        if (result.outcome !== "waiting") return;
        if (!(await sleep(CHECK_RUN_POLL_MS, signal))) return;
      } catch (error) {
        log.warn({ err: error, attempt }, "check run could not be published");
        if (attempt >= this.#options.maxAttempts) return;
        if (!(await sleep(this.#options.backoffMs * 2 ** (attempt - 1), signal))) return;
      }
    }
  }

  async #run(scanId: string): Promise<void> {
    const log = this.#deps.logger.child({ scanId });
    const signal = this.#stopping.signal;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await runScan(this.#deps, scanId, { signal, log });
        return;
      } catch (error) {
        const settled = await settleScanFailure(this.#deps.db, scanId, error, {
          stopping: signal.aborted,
          attempt,
          maxAttempts: this.#options.maxAttempts,
          log,
        });
        if (settled.kind !== "retry") return;
        const retried = await sleep(this.#options.backoffMs * 2 ** (attempt - 1), signal);
        if (!retried) return;
      }
    }
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the scan stays queued for the next start). */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
