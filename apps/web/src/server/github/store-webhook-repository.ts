import { type Repository, upsertRepository } from "@lastcall/db";
import type { WebhookDeps } from "./handle-webhook-event.js";
import type { WebhookRepository } from "./webhook-payloads.js";

/**
 * Records what an event says about its repository on the configured GitHub server: default branch,
 * visibility, GitHub's id, and the installation it came through (which the worker fetches private
 * repositories and publishes check runs with).
 */
export async function storeWebhookRepository(
  deps: WebhookDeps,
  repository: WebhookRepository,
  installationId: number,
): Promise<Repository> {
  const stored = await upsertRepository(deps.db, {
    host: deps.config.githubServer.host,
    owner: repository.owner.login,
    name: repository.name,
    defaultBranch: repository.default_branch,
    private: repository.private,
    githubId: repository.id,
    installationId,
  });
  // Its visibility may have changed, and with it who may see its badge.
  deps.repositoryChanged(stored);
  return stored;
}
