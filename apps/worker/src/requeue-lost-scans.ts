import { type Db, listUnfinishedScans, type UnfinishedScan } from "@lastcall/db";
import { enqueueScanJob, type ScanQueue, scanJobId } from "@lastcall/jobs";
import type { Logger } from "./logger.js";

export interface RequeueLostScansOptions {
  /** A queued scan younger than this may still be on its way into Redis. */
  queuedGraceMs: number;
  /** A running scan younger than this may still be in a worker's hands (bound it by the scan's own time limits). */
  runningGraceMs: number;
  now?: Date;
}

/** Whether the scan has waited long enough that a missing job means a lost one, not one about to be added. */
function overdue(scan: UnfinishedScan, options: RequeueLostScansOptions): boolean {
  const now = (options.now ?? new Date()).getTime();
  if (scan.status === "queued") return now - scan.createdAt.getTime() > options.queuedGraceMs;
  return now - (scan.startedAt ?? scan.createdAt).getTime() > options.runningGraceMs;
}

/**
 * The database is the record of what was asked for; Redis only holds the work in flight. A Redis that
 * restarted without its data (no persistence, a failover to an empty replica) has lost the jobs of
 * scans still queued, and of scans whose worker died meanwhile: they would wait forever. This adds
 * their jobs again. A job still in Redis under the id it was added with (by its commit, or by its row
 * while its ref was unresolved) leaves its scan alone, so a scan is never run twice at once for this.
 */
export async function requeueLostScans(db: Db, queue: ScanQueue, options: RequeueLostScansOptions, log: Logger): Promise<number> {
  let requeued = 0;
  for (const scan of await listUnfinishedScans(db)) {
    if (!overdue(scan, options)) continue;
    const identity = { ...scan, scanId: scan.id };
    const ids = new Set([scanJobId(identity), scanJobId({ ...identity, commitSha: null })]);
    const jobs = await Promise.all([...ids].map((id) => queue.getJob(id)));
    if (jobs.some((job) => job !== undefined && job !== null)) continue;
    await enqueueScanJob(queue, identity);
    log.warn({ scanId: scan.id, status: scan.status }, "scan had no job in Redis; queued it again");
    requeued += 1;
  }
  return requeued;
}
