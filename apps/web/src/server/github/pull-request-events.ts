import { createCheckRun, findActiveInstallation, type Repository } from "@lastcall/db";
import { enqueueCheckRunJob, submitScan } from "@lastcall/jobs";
import type { WebhookDeps, WebhookOutcome } from "./handle-webhook-event.js";
import { storeWebhookRepository } from "./store-webhook-repository.js";
import {
  checkRerequestSchemas,
  type PullRequestRefs,
  parsePayload,
  pullRequestEventSchema,
  type WebhookRepository,
} from "./webhook-payloads.js";

/** The actions that put a new head commit (or an old one back) in front of reviewers. */
const CHECKED_ACTIONS = new Set(["opened", "synchronize", "reopened"]);

/**
 * One check of a pull request: a check-run row, scans of its head and base commits (each deduplicated
 * by commit; a failed one is asked for again), and the job that creates the check on GitHub and
 * completes it once both scans have finished. GitHub is not called here: that, and its tokens, are
 * the worker's.
 */
async function requestPullRequestCheck(deps: WebhookDeps, repository: Repository, installationId: number, pr: PullRequestRefs) {
  const checkRun = await createCheckRun(deps.db, {
    repositoryId: repository.id,
    installationId,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    pullRequestNumber: pr.number,
    status: "queued",
  });
  const target = { host: repository.host, owner: repository.owner, name: repository.name, trigger: "pull_request" as const };
  await submitScan(deps.db, deps.queue, {
    ...target,
    commitSha: pr.head.sha,
    ref: pr.head.ref,
    isDefaultBranch: false,
    pullRequestNumber: pr.number,
  });
  await submitScan(deps.db, deps.queue, { ...target, commitSha: pr.base.sha, ref: pr.base.ref, isDefaultBranch: false });
  await enqueueCheckRunJob(deps.queue, checkRun.id);
}

async function checkPullRequests(
  deps: WebhookDeps,
  repository: WebhookRepository,
  installationId: number,
  pullRequests: PullRequestRefs[],
): Promise<WebhookOutcome> {
  if (pullRequests.length === 0 || (await findActiveInstallation(deps.db, installationId)) === null) return "ignored";
  const stored = await storeWebhookRepository(deps, repository, installationId);
  for (const pullRequest of pullRequests) await requestPullRequestCheck(deps, stored, installationId, pullRequest);
  return "queued";
}

/** `pull_request` opened / synchronize / reopened: check the head against the base. */
export async function handlePullRequestEvent(deps: WebhookDeps, action: string | undefined, payload: unknown): Promise<WebhookOutcome> {
  if (action === undefined || !CHECKED_ACTIONS.has(action)) return "ignored";
  const event = parsePayload(pullRequestEventSchema, payload, "pull_request");
  return checkPullRequests(deps, event.repository, event.installation.id, [event.pull_request]);
}

/**
 * `check_run` / `check_suite` rerequested ("Re-run" on GitHub): check again every pull request the run or
 * suite lists, as if it had just been pushed. Runs and suites of other apps are not ours to re-run.
 */
export async function handleCheckRerequest(
  deps: WebhookDeps,
  event: "check_run" | "check_suite",
  action: string | undefined,
  payload: unknown,
): Promise<WebhookOutcome> {
  if (action !== "rerequested") return "ignored";
  const { repository, installation, request } = parsePayload(checkRerequestSchemas[event], payload, event);
  if (String(request.app.id) !== deps.config.githubApp?.appId) return "ignored";
  return checkPullRequests(deps, repository, installation.id, request.pull_requests);
}
