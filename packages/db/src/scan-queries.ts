import type { Db } from "./create-db.js";
import type { Prisma, Repository, Scan } from "./generated/prisma/client.js";

export type ScanWithRepository = Scan & { repository: Repository };

/** A scan in a list: its repository, without the (large) report. */
export type ScanListItem = Prisma.ScanGetPayload<{ omit: { report: true }; include: { repository: true } }>;

/** One point of a repository's score history. */
export type HistoryPoint = Pick<
  Scan,
  "id" | "commitSha" | "score" | "grade" | "scored" | "coverage" | "finishedAt" | "analyzerVersion" | "rulesetVersion"
>;

export function getScan(db: Db, id: string): Promise<ScanWithRepository | null> {
  return db.scan.findUnique({ where: { id }, include: { repository: true } });
}

export function findScan(db: Db, key: { repositoryId: string; commitSha: string; rulesetVersion: string }): Promise<Scan | null> {
  return db.scan.findUnique({
    where: { repositoryId_commitSha_rulesetVersion: { ...key, commitSha: key.commitSha.toLowerCase() } },
  });
}

export function listRecentScans(db: Db, options: { limit: number }): Promise<ScanListItem[]> {
  return db.scan.findMany({
    omit: { report: true },
    include: { repository: true },
    orderBy: { createdAt: "desc" },
    take: options.limit,
  });
}

/**
 * The latest `limit` done scans of the default branch, oldest to newest, one point per commit: a commit
 * scanned under several rule-set versions counts once, with its most recent result.
 */
export async function listRepositoryHistory(db: Db, repositoryId: string, options: { limit: number }): Promise<HistoryPoint[]> {
  // DISTINCT ON has no Prisma query equivalent (its `distinct` filters in memory, after reading every row).
  const latest = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM (
      SELECT DISTINCT ON (commit_sha) id, finished_at FROM scans
      WHERE repository_id = ${repositoryId}::uuid AND is_default_branch AND status = 'done'
      ORDER BY commit_sha, finished_at DESC
    ) AS per_commit
    ORDER BY finished_at DESC
    LIMIT ${options.limit}`;
  return db.scan.findMany({
    where: { id: { in: latest.map((row) => row.id) } },
    select: {
      id: true,
      commitSha: true,
      score: true,
      grade: true,
      scored: true,
      coverage: true,
      finishedAt: true,
      analyzerVersion: true,
      rulesetVersion: true,
    },
    orderBy: { finishedAt: "asc" },
  });
}
