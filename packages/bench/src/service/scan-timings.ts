import type { Db } from "@lastcall/db";

/** The Scan row's clock readings, which split a scan's time into stages. */
export interface ScanTimings {
  status: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  fetchMs: number | null;
  analyzeMs: number | null;
  storeMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

const TIMING_FIELDS = {
  status: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  fetchMs: true,
  analyzeMs: true,
  storeMs: true,
  errorCode: true,
  errorMessage: true,
} as const;

const isFinished = (scan: { status: string }) => scan.status === "done" || scan.status === "failed";

export function readScanTimings(db: Db, scanIds: readonly string[]): Promise<Array<ScanTimings & { id: string }>> {
  return db.scan.findMany({ where: { id: { in: [...scanIds] } }, select: { id: true, ...TIMING_FIELDS } });
}

/**
 * Polls the scan row until it is done (or failed, which is an error here). The poll interval
 * does not enter the figures: they come from the row's own timestamps, not from when we looked.
 */
export async function waitForScans(db: Db, scanIds: readonly string[], timeoutMs: number): Promise<Map<string, ScanTimings>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scans = await readScanTimings(db, scanIds);
    const failed = scans.find((scan) => scan.status === "failed");
    if (failed !== undefined) throw new Error(`scan ${failed.id} failed: ${failed.errorCode}: ${failed.errorMessage}`);
    if (scans.length === scanIds.length && scans.every(isFinished)) return new Map(scans.map((scan) => [scan.id, scan]));
    if (Date.now() > deadline) {
      const unfinished = scanIds.length - scans.filter(isFinished).length;
      throw new Error(`${unfinished} of ${scanIds.length} scans unfinished after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
