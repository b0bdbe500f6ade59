import { findActiveInstallation, findRepository, markInstallationDeleted, upsertInstallation, upsertRepository } from "@lastcall/db";
import type { WebhookDeps, WebhookOutcome } from "./handle-webhook-event.js";
import {
  type InstallationRepository,
  installationEventSchema,
  installationRepositoriesEventSchema,
  parsePayload,
} from "./webhook-payloads.js";

function splitFullName(repository: InstallationRepository): { owner: string; name: string } {
  const [owner = "", name = ""] = repository.full_name.split("/");
  return { owner, name };
}

async function linkRepository(deps: WebhookDeps, repository: InstallationRepository, installationId: number) {
  const stored = await upsertRepository(deps.db, {
    host: deps.config.githubServer.host,
    ...splitFullName(repository),
    private: repository.private,
    githubId: repository.id,
    installationId,
  });
  // Its visibility may have changed, and with it who may see its badge.
  deps.repositoryChanged(stored);
  return stored;
}

/** Unsuspending clears it; otherwise GitHub's own time (a suspend without one: now; a created installation: usually none). */
function suspendedAt(action: "created" | "suspend" | "unsuspend", reported: string | null | undefined): Date | null {
  if (action === "unsuspend") return null;
  if (reported) return new Date(reported);
  return action === "suspend" ? new Date() : null;
}

/**
 * `installation` created / deleted / suspend / unsuspend. Deleting keeps the row and detaches its
 * repositories; a suspended or deleted installation's later events are ignored (see `findActiveInstallation`).
 */
export async function handleInstallationEvent(deps: WebhookDeps, action: string | undefined, payload: unknown): Promise<WebhookOutcome> {
  if (action !== "created" && action !== "deleted" && action !== "suspend" && action !== "unsuspend") return "ignored";
  const { installation, repositories = [] } = parsePayload(installationEventSchema, payload, "installation");
  if (action === "deleted") {
    await markInstallationDeleted(deps.db, installation.id);
    return "stored";
  }
  await upsertInstallation(deps.db, {
    id: installation.id,
    accountLogin: installation.account.login,
    accountType: installation.account.type,
    suspendedAt: suspendedAt(action, installation.suspended_at),
  });
  for (const repository of repositories) await linkRepository(deps, repository, installation.id);
  return "stored";
}

/** `installation_repositories` added / removed: the installation's selection of repositories changed. */
export async function handleInstallationRepositoriesEvent(
  deps: WebhookDeps,
  action: string | undefined,
  payload: unknown,
): Promise<WebhookOutcome> {
  if (action !== "added" && action !== "removed") return "ignored";
  const event = parsePayload(installationRepositoriesEventSchema, payload, "installation_repositories");
  const installationId = event.installation.id;
  if ((await findActiveInstallation(deps.db, installationId)) === null) return "ignored";
  for (const repository of event.repositories_added) await linkRepository(deps, repository, installationId);
  for (const repository of event.repositories_removed) {
    const stored = await findRepository(deps.db, { host: deps.config.githubServer.host, ...splitFullName(repository) });
    // Only this installation's link goes: the repository may have moved to another installation meanwhile.
    if (stored !== null && stored.installationId === BigInt(installationId)) {
      await upsertRepository(deps.db, { host: stored.host, owner: stored.owner, name: stored.name, installationId: null });
    }
  }
  return "stored";
}
