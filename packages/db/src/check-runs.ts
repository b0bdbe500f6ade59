import type { Db } from "./create-db.js";
import type { CheckRun } from "./generated/prisma/client.js";
import { type GithubId, toGithubId } from "./github-id.js";

export interface CreateCheckRunInput {
  repositoryId: string;
  scanId?: string | null;
  installationId: GithubId;
  headSha: string;
  baseSha?: string | null;
  baseRef?: string | null;
  pullRequestNumber: number;
  /** GitHub's check-run status: queued, in_progress, completed. */
  status: string;
  /** Set once GitHub has answered the create request. */
  githubCheckRunId?: GithubId | null;
}

export interface UpdateCheckRunInput {
  scanId?: string | null;
  githubCheckRunId?: GithubId | null;
  status?: string;
  /** GitHub's conclusion (success, failure, neutral…) once completed. */
  conclusion?: string | null;
}

export function createCheckRun(db: Db, input: CreateCheckRunInput): Promise<CheckRun> {
  return db.checkRun.create({
    data: {
      repositoryId: input.repositoryId,
      scanId: input.scanId ?? null,
      installationId: toGithubId(input.installationId),
      headSha: input.headSha.toLowerCase(),
      baseSha: input.baseSha?.toLowerCase() ?? null,
      baseRef: input.baseRef ?? null,
      pullRequestNumber: input.pullRequestNumber,
      status: input.status,
      githubCheckRunId: toGithubId(input.githubCheckRunId) ?? null,
    },
  });
}

/** Fields left undefined keep their stored value. */
export function updateCheckRun(db: Db, id: string, changes: UpdateCheckRunInput): Promise<CheckRun> {
  return db.checkRun.update({
    where: { id },
    data: { ...changes, githubCheckRunId: toGithubId(changes.githubCheckRunId) },
  });
}

export function getCheckRun(db: Db, id: string) {
  return db.checkRun.findUnique({ where: { id }, include: { repository: { include: { installation: true } } } });
}

/** The check runs waiting on a scan, oldest first: the worker completes them when the scan ends. */
export function listScanCheckRuns(db: Db, scanId: string): Promise<CheckRun[]> {
  return db.checkRun.findMany({ where: { scanId }, orderBy: { createdAt: "asc" } });
}
