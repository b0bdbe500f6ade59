import { findActiveInstallation } from "@lastcall/db";
import { submitScan } from "@lastcall/jobs";
import type { WebhookDeps, WebhookOutcome } from "./handle-webhook-event.js";
import { storeWebhookRepository } from "./store-webhook-repository.js";
import { parsePayload, pushEventSchema } from "./webhook-payloads.js";

const NO_COMMIT = /^0+$/;

/**
 * A push to the default branch asks for a scan of its new head, a point on the repository's history.
 * Other branches, tags and branch deletions are ignored: pull requests cover branches.
 */
export async function handlePushEvent(deps: WebhookDeps, payload: unknown): Promise<WebhookOutcome> {
  const push = parsePayload(pushEventSchema, payload, "push");
  const { repository } = push;
  const toDefaultBranch = push.ref === `refs/heads/${repository.default_branch}`;
  if (!toDefaultBranch || push.deleted === true || NO_COMMIT.test(push.after)) return "ignored";
  if ((await findActiveInstallation(deps.db, push.installation.id)) === null) return "ignored";

  const stored = await storeWebhookRepository(deps, repository, push.installation.id);
  await submitScan(deps.db, deps.queue, {
    host: stored.host,
    owner: stored.owner,
    name: stored.name,
    trigger: "push",
    commitSha: push.after,
    ref: repository.default_branch,
    isDefaultBranch: true,
  });
  return "queued";
}
