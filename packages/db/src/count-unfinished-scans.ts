import type { Db } from "./create-db.js";

/**
 * How many scans of one repository are queued or running: its backlog, which submissions are capped
 * by so that one repository cannot fill the queue (`@lastcall/jobs` submitScan). Served by the
 * (repository, commit, rule set) unique index's leading column.
 */
export function countUnfinishedScans(db: Db, repositoryId: string): Promise<number> {
  return db.scan.count({ where: { repositoryId, status: { in: ["queued", "fetching", "analyzing", "scoring"] } } });
}
