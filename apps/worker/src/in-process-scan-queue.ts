import { listUnfinishedScans } from "@lastcall/db";
import { DEFAULT_SCAN_JOB_OPTIONS, type ScanJobData, type ScanJobQueue, scanJobId } from "@lastcall/jobs";
import PQueue from "p-queue";
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

  async add(_name: string, data: ScanJobData, options: { jobId: string }): Promise<void> {
    if (this.#stopping.signal.aborted || this.#jobIds.has(options.jobId)) return;
    this.#jobIds.add(options.jobId);
    this.#queue
      .add(() => this.#run(data.scanId))
      .finally(() => this.#jobIds.delete(options.jobId))
      .catch((error: unknown) => this.#deps.logger.error({ err: error, scanId: data.scanId }, "scan could not be settled"));
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
    this.#stopping.abort(new Error("shut down"));
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
