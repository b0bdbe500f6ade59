import { countUnfinishedScans, type Db, findRefScan, findScan } from "@lastcall/db";

/** A new scan was refused: its repository has `limit` scans queued or running already. */
export class TooManyQueuedScansError extends Error {
  override readonly name = "TooManyQueuedScansError";

  constructor(
    readonly repository: string,
    readonly limit: number,
  ) {
    super(`${repository} has ${limit} scans queued or running already; submit again once one has finished`);
  }
}

export interface BacklogCheck {
  repositoryId: string;
  /** `owner/name`, as the error names it. */
  repository: string;
  rulesetVersion: string;
  /** The commit asked for; without it, `ref` (null: the default branch) is. */
  commitSha?: string;
  ref: string | null;
  limit: number;
}

/**
 * Throws TooManyQueuedScansError when a request would add a scan to a repository whose backlog is
 * full. A request that an existing scan answers (the same commit queued, running or done, or the
 * same ref still waiting) adds nothing and always passes; a failed scan would run again, so it
 * counts as new. A bound, not an exact count: submissions racing each other may each see room.
 */
export async function checkRepositoryBacklog(db: Db, check: BacklogCheck): Promise<void> {
  const { repositoryId, rulesetVersion } = check;
  const existing =
    check.commitSha === undefined
      ? await findRefScan(db, { repositoryId, ref: check.ref, rulesetVersion })
      : await findScan(db, { repositoryId, commitSha: check.commitSha, rulesetVersion });
  if (existing !== null && existing.status !== "failed") return;
  if ((await countUnfinishedScans(db, repositoryId)) >= check.limit) throw new TooManyQueuedScansError(check.repository, check.limit);
}
