import { isDatabaseUnavailable } from "@lastcall/db";

/**
 * Waits between tries while the database is away: about half a minute in all, enough for a restart
 * or a failover, short of BullMQ's lock troubles and of holding a worker for long.
 */
export const DATABASE_RETRY_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000, 15_000];

export interface DatabaseRetryOptions {
  delaysMs?: readonly number[];
  /** Aborting stops waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `operation`, and again after each delay for as long as it fails because the database is
 * unavailable (see isDatabaseUnavailable); any other failure, or the last one, is thrown. For the
 * writes of a scan under way: a short outage then costs a pause, not the fetch and analysis done so
 * far. Each operation must be safe to repeat (the scan writes are: status marks are idempotent and
 * completeScan applies once).
 */
export async function retryWhileDatabaseUnavailable<T>(operation: () => Promise<T>, options: DatabaseRetryOptions = {}): Promise<T> {
  const delays = options.delaysMs ?? DATABASE_RETRY_DELAYS_MS;
  for (let retry = 0; ; retry += 1) {
    try {
      return await operation();
    } catch (error) {
      const delayMs = delays[retry];
      if (delayMs === undefined || !isDatabaseUnavailable(error)) throw error;
      options.onRetry?.(error, retry + 1, delayMs);
      await sleep(delayMs, options.signal);
    }
  }
}
