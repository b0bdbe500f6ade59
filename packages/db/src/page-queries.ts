import type { Db } from "./create-db.js";
import type { Prisma, Scan } from "./generated/prisma/client.js";
import type { ScanListItem } from "./scan-queries.js";

/** A scan in a repository's own list: without the (large) report. */
export type ScanSummary = Prisma.ScanGetPayload<{ omit: { report: true } }>;

/** A repository with the score of its latest done default-branch scan. */
export interface RepositoryScore {
  owner: string;
  name: string;
  scanId: string;
  commitSha: string;
  score: number;
  grade: string;
  finishedAt: Date;
}

/**
 * The latest done, analyzed scan of a repository's default branch: what its page and badge show.
 * Ref scans that turned out to be duplicates are pointers without a report, so they are skipped.
 */
export function findLatestDefaultBranchScan(db: Db, repositoryId: string): Promise<Scan | null> {
  return db.scan.findFirst({
    where: { repositoryId, isDefaultBranch: true, status: "done", duplicateOfId: null },
    orderBy: { finishedAt: "desc" },
  });
}

/**
 * Public repositories by the score of their latest default-branch scan, best first. A repository whose
 * latest scan could not be scored is left out rather than ranked on an older result.
 */
export function listTopRepositories(db: Db, options: { limit: number }): Promise<RepositoryScore[]> {
  // DISTINCT ON picks each repository's latest scan in the database; Prisma's `distinct` would read every scan.
  return db.$queryRaw<RepositoryScore[]>`
    SELECT owner, name, "scanId", "commitSha", score, grade, "finishedAt" FROM (
      SELECT DISTINCT ON (s.repository_id)
        r.owner, r.name, s.id::text AS "scanId", s.commit_sha AS "commitSha", s.score, s.grade, s.finished_at AS "finishedAt"
      FROM scans s JOIN repositories r ON r.id = s.repository_id
      WHERE s.is_default_branch AND s.status = 'done' AND s.duplicate_of_id IS NULL AND NOT r.private
      ORDER BY s.repository_id, s.finished_at DESC
    ) AS latest
    WHERE score IS NOT NULL
    ORDER BY score DESC, "finishedAt" DESC
    LIMIT ${options.limit}`;
}

/**
 * The newest scans of public repositories, in any state, for the home page. Private repositories are
 * shown only to signed-in users with access (DESIGN.md), and duplicate pointers would list a commit twice.
 */
export function listRecentPublicScans(db: Db, options: { limit: number }): Promise<ScanListItem[]> {
  return db.scan.findMany({
    where: { duplicateOfId: null, repository: { private: false } },
    omit: { report: true },
    include: { repository: true },
    orderBy: { createdAt: "desc" },
    take: options.limit,
  });
}

/** A repository's scans of any branch and state, newest first, without duplicate pointers. */
export function listRepositoryScans(db: Db, repositoryId: string, options: { limit: number }): Promise<ScanSummary[]> {
  return db.scan.findMany({
    where: { repositoryId, duplicateOfId: null },
    omit: { report: true },
    orderBy: { createdAt: "desc" },
    take: options.limit,
  });
}
