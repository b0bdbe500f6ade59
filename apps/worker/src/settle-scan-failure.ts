import { type Db, failScan, requeueScan } from "@lastcall/db";
import type { Logger } from "./logger.js";
import { retryWhileDatabaseUnavailable } from "./retry-database.js";
import { type ScanFailure, toScanFailure } from "./scan-failure.js";

export type Settlement = { kind: "handed-back" } | { kind: "failed"; failure: ScanFailure } | { kind: "retry"; failure: ScanFailure };

/**
 * What a scan's failure means, recorded on the scan: when the worker is shutting down (`stopping`)
 * the scan goes back to `queued` untouched for this or another worker; a permanent failure, or a
 * transient one on the last attempt, fails it with its code; otherwise it waits, queued, for a retry.
 * Each write waits out a short database outage, so that a permanent failure is not mistaken for a
 * transient one (and retried) just because the database was away when it was recorded.
 */
export async function settleScanFailure(
  db: Db,
  scanId: string,
  error: unknown,
  context: { stopping: boolean; attempt: number; maxAttempts: number; log: Logger },
): Promise<Settlement> {
  if (context.stopping) {
    // No waiting here: shutdown has its own bound, and the job goes back to the queue regardless.
    await requeueScan(db, scanId);
    context.log.info("scan handed back to the queue");
    return { kind: "handed-back" };
  }
  const failure = toScanFailure(error);
  if (failure.permanent || context.attempt >= context.maxAttempts) {
    await retryWhileDatabaseUnavailable(() => failScan(db, scanId, { code: failure.code, message: failure.message }));
    context.log.warn({ code: failure.code, reason: failure.message }, "scan failed");
    return { kind: "failed", failure };
  }
  await retryWhileDatabaseUnavailable(() => requeueScan(db, scanId));
  context.log.warn(
    { code: failure.code, reason: failure.message, attempt: context.attempt, of: context.maxAttempts },
    "scan will be retried",
  );
  return { kind: "retry", failure };
}
