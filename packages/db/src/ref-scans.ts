import type { Db } from "./create-db.js";
import type { Scan, ScanTrigger } from "./generated/prisma/client.js";

export interface RequestRefScanInput {
  repositoryId: string;
  /** Branch or tag; null for the default branch. */
  ref: string | null;
  trigger: ScanTrigger;
  analyzerVersion: string;
  rulesetVersion: string;
}

export interface RequestRefScanResult {
  scan: Scan;
  created: boolean;
  requeued: boolean;
}

const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

function pendingKey(input: Pick<RequestRefScanInput, "repositoryId" | "ref" | "rulesetVersion">): string {
  return JSON.stringify([input.repositoryId, input.ref, input.rulesetVersion]);
}

/**
 * A scan of a ref whose commit is not known yet; the worker resolves it. Identical requests while
 * one is waiting share its row (the pending key is unique, inserted with ON CONFLICT DO NOTHING);
 * one that failed is queued again with its attempt bumped, like `requestScan`.
 */
export async function requestRefScan(db: Db, input: RequestRefScanInput): Promise<RequestRefScanResult> {
  const key = pendingKey(input);
  const [inserted] = await db.scan.createManyAndReturn({
    data: [
      {
        repositoryId: input.repositoryId,
        ref: input.ref,
        pendingKey: key,
        isDefaultBranch: false,
        trigger: input.trigger,
        analyzerVersion: input.analyzerVersion,
        rulesetVersion: input.rulesetVersion,
      },
    ],
    skipDuplicates: true,
  });
  if (inserted) return { scan: inserted, created: true, requeued: false };
  const { count } = await db.scan.updateMany({
    where: { pendingKey: key, status: "failed" },
    data: { status: "queued", errorCode: null, errorMessage: null, finishedAt: null, startedAt: null, attempt: { increment: 1 } },
  });
  const scan = await db.scan.findUniqueOrThrow({ where: { pendingKey: key } });
  return { scan, created: false, requeued: count === 1 };
}

/** The scan an identical `requestRefScan` would return (one waiting for its commit, or failed), if any. */
export function findRefScan(db: Db, input: Pick<RequestRefScanInput, "repositoryId" | "ref" | "rulesetVersion">): Promise<Scan | null> {
  return db.scan.findUnique({ where: { pendingKey: pendingKey(input) } });
}

/**
 * Records the commit the worker resolved a ref scan to. When that commit has been scanned (or is
 * queued) already under the same rule set, this scan is closed as a pointer to that one rather
 * than analyzed twice; `duplicateOf` names it.
 */
export async function attachScanCommit(
  db: Db,
  scanId: string,
  resolved: { commitSha: string; isDefaultBranch: boolean },
): Promise<{ duplicateOf?: string }> {
  const commitSha = resolved.commitSha.toLowerCase();
  if (!COMMIT_SHA.test(commitSha)) throw new TypeError(`commitSha must be 40 or 64 hex characters, got "${resolved.commitSha}"`);
  const scan = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
  const tripleKey = { repositoryId: scan.repositoryId, commitSha, rulesetVersion: scan.rulesetVersion };
  // Two tries: a concurrent `requestScan` of the same commit may insert it between the lookup and
  // the update, which the unique key turns into an error; the second lookup then finds that scan.
  for (let tries = 0; ; tries += 1) {
    const existing = await db.scan.findUnique({ where: { repositoryId_commitSha_rulesetVersion: tripleKey } });
    if (existing !== null && existing.id !== scanId) {
      await db.$transaction([
        db.scan.updateMany({ where: { id: existing.id, isDefaultBranch: false }, data: { isDefaultBranch: resolved.isDefaultBranch } }),
        db.scan.update({
          where: { id: scanId },
          data: { status: "done", duplicateOfId: existing.id, pendingKey: null, finishedAt: new Date() },
        }),
      ]);
      return { duplicateOf: existing.id };
    }
    try {
      await db.scan.update({ where: { id: scanId }, data: { commitSha, isDefaultBranch: resolved.isDefaultBranch, pendingKey: null } });
      return {};
    } catch (error) {
      if (tries > 0 || (error as { code?: string }).code !== "P2002") throw error;
    }
  }
}
