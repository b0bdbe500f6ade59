import type { Db } from "./create-db.js";
import type { Scan } from "./generated/prisma/client.js";

export type UnfinishedScan = Pick<
  Scan,
  "id" | "repositoryId" | "commitSha" | "rulesetVersion" | "attempt" | "status" | "createdAt" | "startedAt"
>;

/**
 * Scans queued or running, oldest first: what a single-node process picks up again when it
 * starts, since its in-process queue did not survive the previous process, and what a BullMQ
 * worker checks against the jobs Redis still has.
 */
export function listUnfinishedScans(db: Db): Promise<UnfinishedScan[]> {
  return db.scan.findMany({
    where: { status: { in: ["queued", "fetching", "analyzing", "scoring"] } },
    select: {
      id: true,
      repositoryId: true,
      commitSha: true,
      rulesetVersion: true,
      attempt: true,
      status: true,
      createdAt: true,
      startedAt: true,
    },
    orderBy: { createdAt: "asc" },
  });
}
