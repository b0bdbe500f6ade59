import type { Db } from "./create-db.js";
import type { Installation } from "./generated/prisma/client.js";
import { type GithubId, toGithubId } from "./github-id.js";

export interface UpsertInstallationInput {
  id: GithubId;
  accountLogin: string;
  /** "User" or "Organization", as GitHub sends it. */
  accountType: string;
  /** Left undefined, the stored value stays; null un-suspends. */
  suspendedAt?: Date | null;
}

/** Records an installation (created, or seen again); an installation seen again is no longer deleted. */
export function upsertInstallation(db: Db, input: UpsertInstallationInput): Promise<Installation> {
  const details = { accountLogin: input.accountLogin, accountType: input.accountType, suspendedAt: input.suspendedAt };
  return db.installation.upsert({
    where: { id: toGithubId(input.id) },
    create: { id: toGithubId(input.id), ...details },
    update: { ...details, deletedAt: null },
  });
}

/** The installation when it can act: known, not uninstalled and not suspended; otherwise null. */
export function findActiveInstallation(db: Db, id: GithubId): Promise<Installation | null> {
  return db.installation.findFirst({ where: { id: toGithubId(id), deletedAt: null, suspendedAt: null } });
}

/**
 * The app was uninstalled: keep the row (webhook history and check runs refer to it by id), and detach its
 * repositories, which we can no longer reach through it. Returns whether the installation was known.
 */
export async function markInstallationDeleted(db: Db, id: GithubId, deletedAt: Date = new Date()): Promise<boolean> {
  const installationId = toGithubId(id);
  const [marked] = await db.$transaction([
    db.installation.updateMany({ where: { id: installationId }, data: { deletedAt } }),
    db.repository.updateMany({ where: { installationId }, data: { installationId: null } }),
  ]);
  return marked.count === 1;
}
