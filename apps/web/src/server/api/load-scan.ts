import type { Repository } from "@lastcall/db";
import type { Viewer } from "../auth/viewer.js";
import { notFound } from "./api-error.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Readable = { duplicateOfId: string | null; repository: Repository };

/**
 * The scan `id` names, read with `read`; for a pointer (a ref scan whose commit had been scanned
 * already) the scan it points to, which holds the state and results. Anything that is not a scan id
 * is a 404 before it reaches the database, which would reject a malformed uuid with an error. Scans
 * of private repositories are shown only to signed-in users with access on GitHub (DESIGN.md); to
 * anyone else they are a 404 too, as if they did not exist.
 */
export async function loadScan<T extends Readable>(id: string, read: (id: string) => Promise<T | null>, viewer: Viewer): Promise<T> {
  if (!UUID.test(id)) throw notFound("No such scan");
  const found = await read(id.toLowerCase());
  // One step is enough: a pointer always names a scan with a commit of its own, never another pointer.
  const scan = found?.duplicateOfId ? await read(found.duplicateOfId) : found;
  if (scan === null || !(await viewer.canRead(scan.repository))) throw notFound("No such scan");
  return scan;
}
