import type { Db } from "./create-db.js";
import type { ScanListItem } from "./scan-queries.js";

/**
 * A scan with its repository but without its (large) report: what progress polling reads, twice a
 * second per watcher, so it must not drag the report along.
 */
export function getScanWithoutReport(db: Db, id: string): Promise<ScanListItem | null> {
  return db.scan.findUnique({ where: { id }, omit: { report: true }, include: { repository: true } });
}
