import type { Db } from "./create-db.js";
import type { Repository } from "./generated/prisma/client.js";
import { type GithubId, toGithubId } from "./github-id.js";

export interface UpsertRepositoryInput {
  /** e.g. "github.com" (or a GitHub Enterprise host). */
  host: string;
  /** As GitHub spells them; a later call with other casing updates the spelling. */
  owner: string;
  name: string;
  /** Fields left undefined keep their stored value. */
  defaultBranch?: string | null;
  private?: boolean;
  githubId?: GithubId | null;
  installationId?: GithubId | null;
}

/** Finds the repository by host, owner and name, ignoring case as GitHub does, or creates it. */
export async function upsertRepository(db: Db, input: UpsertRepositoryInput): Promise<Repository> {
  const key = repositoryKey(input);
  const details = {
    owner: input.owner,
    name: input.name,
    defaultBranch: input.defaultBranch,
    private: input.private,
    githubId: toGithubId(input.githubId),
    installationId: toGithubId(input.installationId),
  };
  // A single INSERT … ON CONFLICT DO UPDATE (Prisma's native upsert), so concurrent first sightings do not collide.
  return db.repository.upsert({
    where: { host_ownerKey_nameKey: key },
    create: { ...key, ...details },
    update: details,
  });
}

export function getRepository(db: Db, id: string): Promise<Repository | null> {
  return db.repository.findUnique({ where: { id } });
}

/** Looks a repository up by host, owner and name, ignoring case. */
export function findRepository(db: Db, input: { host: string; owner: string; name: string }): Promise<Repository | null> {
  return db.repository.findUnique({ where: { host_ownerKey_nameKey: repositoryKey(input) } });
}

function repositoryKey(input: { host: string; owner: string; name: string }) {
  return { host: input.host.toLowerCase(), ownerKey: input.owner.toLowerCase(), nameKey: input.name.toLowerCase() };
}
