import { ANALYZER_VERSION, RULESET_VERSION } from "@lastcall/analyzer";
import { type Db, requestRefScan, requestScan, type ScanTrigger, upsertRepository } from "@lastcall/db";
import { checkRepositoryBacklog } from "./repository-backlog.js";
import { enqueueScanJob, type ScanJobQueue } from "./scan-queue.js";

export interface ScanRequest {
  host: string;
  owner: string;
  name: string;
  trigger: ScanTrigger;
  /** A known commit (webhooks know it). Without it the worker resolves `ref`. */
  commitSha?: string;
  /** Branch, tag or sha the user asked for; the default branch when neither this nor commitSha is given. */
  ref?: string;
  /** Only meaningful with commitSha: whether that commit is the default branch's head. */
  isDefaultBranch?: boolean;
  pullRequestNumber?: number;
}

export interface SubmitScanOptions {
  /**
   * At most this many scans of one repository queued or running: a request for another throws
   * TooManyQueuedScansError (see checkRepositoryBacklog). For submissions by anyone (the API);
   * unset, nothing is capped.
   */
  maxUnfinishedPerRepository?: number;
}

export interface SubmittedScan {
  scanId: string;
  /** False when an identical scan existed already (that one is returned, never analyzed twice). */
  created: boolean;
  status: string;
}

/**
 * The one way to ask for a scan, for every producer: stores the request (deduplicated by meaning
 * in the database), then makes sure a job exists for it unless it has already finished. Adding
 * the job again for a scan still in flight is harmless: the job id is taken, so BullMQ adds
 * nothing; and it heals a queue that lost the job (Redis restarted without persistence).
 */
export async function submitScan(
  db: Db,
  queue: ScanJobQueue,
  request: ScanRequest,
  options: SubmitScanOptions = {},
): Promise<SubmittedScan> {
  const repository = await upsertRepository(db, { host: request.host, owner: request.owner, name: request.name });
  const versions = { analyzerVersion: ANALYZER_VERSION, rulesetVersion: RULESET_VERSION };
  if (options.maxUnfinishedPerRepository !== undefined) {
    await checkRepositoryBacklog(db, {
      repositoryId: repository.id,
      repository: `${repository.owner}/${repository.name}`,
      rulesetVersion: RULESET_VERSION,
      commitSha: request.commitSha?.toLowerCase(),
      ref: request.ref ?? null,
      limit: options.maxUnfinishedPerRepository,
    });
  }
  const { scan, created } =
    request.commitSha === undefined
      ? await requestRefScan(db, { repositoryId: repository.id, ref: request.ref ?? null, trigger: request.trigger, ...versions })
      : await requestScan(db, {
          repositoryId: repository.id,
          commitSha: request.commitSha.toLowerCase(),
          ref: request.ref ?? null,
          isDefaultBranch: request.isDefaultBranch ?? false,
          trigger: request.trigger,
          pullRequestNumber: request.pullRequestNumber,
          ...versions,
        });
  if (scan.status !== "done" && scan.status !== "failed") {
    await enqueueScanJob(queue, {
      scanId: scan.id,
      repositoryId: scan.repositoryId,
      commitSha: scan.commitSha,
      rulesetVersion: scan.rulesetVersion,
      attempt: scan.attempt,
    });
  }
  return { scanId: scan.id, created, status: scan.status };
}
