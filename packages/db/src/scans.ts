import type { Db } from "./create-db.js";
import type { Scan, ScanStatus, ScanTrigger } from "./generated/prisma/client.js";
import { storableText } from "./storable-text.js";

export interface RequestScanInput {
  repositoryId: string;
  /** Full SHA-1 (40) or SHA-256 (64) hex; stored lower-cased. */
  commitSha: string;
  /** What was asked for (branch, tag), null for a bare commit. */
  ref: string | null;
  isDefaultBranch: boolean;
  trigger: ScanTrigger;
  analyzerVersion: string;
  rulesetVersion: string;
  pullRequestNumber?: number | null;
}

export interface RequestScanResult {
  scan: Scan;
  /** This call inserted the row: the caller should enqueue it. */
  created: boolean;
  /** This call moved a failed scan back to queued (attempt + 1): the caller should enqueue it. */
  requeued: boolean;
}

/** The statuses a worker reports while it works on a scan. */
export type ScanProgressStatus = Extract<ScanStatus, "fetching" | "analyzing" | "scoring">;

export interface ScanProgress {
  filesDone: number;
  filesTotal: number;
}

const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Everything one run of a scan wrote, cleared before another run. */
const CLEARED_RUN = {
  filesDone: null,
  filesTotal: null,
  startedAt: null,
  fetchMs: null,
  analyzeMs: null,
  storeMs: null,
  finishedAt: null,
  errorCode: null,
  errorMessage: null,
} as const;

/**
 * Returns the scan of (repository, commit, rule-set version), creating it when there is none. A failed
 * scan is reset to queued with its attempt bumped. Race-safe: concurrent identical calls insert one row
 * (INSERT … ON CONFLICT DO NOTHING), and exactly one of them sees `created` or `requeued`.
 */
export async function requestScan(db: Db, input: RequestScanInput): Promise<RequestScanResult> {
  const commitSha = input.commitSha.toLowerCase();
  if (!COMMIT_SHA.test(commitSha)) throw new TypeError(`commitSha must be 40 or 64 hex characters, got "${input.commitSha}"`);
  const key = { repositoryId: input.repositoryId, commitSha, rulesetVersion: input.rulesetVersion };
  const request = {
    ref: input.ref,
    trigger: input.trigger,
    analyzerVersion: input.analyzerVersion,
    pullRequestNumber: input.pullRequestNumber ?? null,
  };

  const [inserted] = await db.scan.createManyAndReturn({
    data: [{ ...key, ...request, isDefaultBranch: input.isDefaultBranch }],
    skipDuplicates: true,
  });
  if (inserted) return { scan: inserted, created: true, requeued: false };

  // The status guard makes the reset happen once however many callers race here.
  const { count: requeued } = await db.scan.updateMany({
    where: { ...key, status: "failed" },
    data: { ...request, ...CLEARED_RUN, status: "queued", attempt: { increment: 1 } },
  });
  if (input.isDefaultBranch) {
    // A commit first scanned on a pull request that later lands on the default branch joins the history.
    await db.scan.updateMany({ where: { ...key, isDefaultBranch: false }, data: { isDefaultBranch: true } });
  }
  const scan = await db.scan.findUniqueOrThrow({ where: { repositoryId_commitSha_rulesetVersion: key } });
  return { scan, created: false, requeued: requeued === 1 };
}

/**
 * Records what the worker is doing, and when it first started. A done scan is final and stays as it is
 * (a late or duplicate worker must not move it back); returns whether the scan was updated.
 */
export async function markScanStatus(db: Db, scanId: string, status: ScanProgressStatus, progress?: ScanProgress): Promise<boolean> {
  const [moved] = await db.$transaction([
    db.scan.updateMany({
      where: { id: scanId, status: { not: "done" } },
      data: { status, filesDone: progress?.filesDone, filesTotal: progress?.filesTotal },
    }),
    db.scan.updateMany({ where: { id: scanId, status, startedAt: null }, data: { startedAt: new Date() } }),
  ]);
  return moved.count === 1;
}

/**
 * Hands a scan in progress back to the queue (a worker shutting down before it finished). The next run
 * starts over, so this run's progress and timings go. Returns whether the scan was in progress.
 */
export async function requeueScan(db: Db, scanId: string): Promise<boolean> {
  const { count } = await db.scan.updateMany({
    where: { id: scanId, status: { in: ["queued", "fetching", "analyzing", "scoring"] } },
    data: { ...CLEARED_RUN, status: "queued" },
  });
  return count === 1;
}

export async function recordScanTiming(db: Db, scanId: string, timings: { fetchMs?: number; analyzeMs?: number }): Promise<void> {
  await db.scan.update({ where: { id: scanId }, data: timings });
}

/** Marks the scan failed with a stable error code; a done scan is never overwritten. Returns whether it applied. */
export async function failScan(db: Db, scanId: string, error: { code: string; message: string }): Promise<boolean> {
  const { count } = await db.scan.updateMany({
    where: { id: scanId, status: { not: "done" } },
    data: { status: "failed", errorCode: error.code, errorMessage: storableText(error.message), finishedAt: new Date() },
  });
  return count === 1;
}
