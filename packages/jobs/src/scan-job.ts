import { z } from "zod";

/**
 * A job carries ids only: never tokens, URLs with credentials or file contents. Everything else
 * is read from the database when the job runs, so a stale job cannot act on stale data.
 */
export const scanJobDataSchema = z.strictObject({ scanId: z.uuid() });

export type ScanJobData = z.infer<typeof scanJobDataSchema>;

export const SCAN_STAGES = ["queued", "fetching", "analyzing", "scoring", "done", "failed"] as const;

export type ScanStage = (typeof SCAN_STAGES)[number];

/** What `job.updateProgress` carries, for live progress pages. */
export const scanProgressSchema = z.strictObject({
  stage: z.enum(SCAN_STAGES),
  filesDone: z.int().nonnegative().optional(),
  filesTotal: z.int().nonnegative().optional(),
});

export type ScanProgress = z.infer<typeof scanProgressSchema>;

export interface ScanIdentity {
  scanId: string;
  repositoryId: string;
  /** Null until the worker has resolved the scan's ref. */
  commitSha: string | null;
  rulesetVersion: string;
  /** Bumped each time a failed scan is requested again, so the retry gets a fresh job. */
  attempt: number;
}

/**
 * The job id deduplicates by meaning: BullMQ adds nothing when a job with the same id exists, so
 * concurrent identical submissions make one job. A scan of a known commit is keyed by
 * (repository, commit, rule-set version); a scan of a ref not yet resolved is keyed by its row,
 * which the database already deduplicates. BullMQ forbids `:` in custom ids.
 */
export function scanJobId(scan: ScanIdentity): string {
  const key = scan.commitSha === null ? `pending-${scan.scanId}` : `${scan.repositoryId}-${scan.commitSha}-r${scan.rulesetVersion}`;
  return `scan-${key}-a${scan.attempt}`;
}

export const checkRunJobDataSchema = z.strictObject({ checkRunId: z.uuid() });

export type CheckRunJobData = z.infer<typeof checkRunJobDataSchema>;

/** One job per stored check run: a redelivered webhook or a double submission adds nothing. */
export function checkRunJobId(checkRunId: string): string {
  return `check-${checkRunId}`;
}
