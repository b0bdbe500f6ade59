import type { Db } from "./create-db.js";
import type { RepositoryAccess } from "./generated/prisma/client.js";

export interface RepositoryAccessKey {
  userId: string;
  repositoryId: string;
}

export interface RecordRepositoryAccessInput extends RepositoryAccessKey {
  canRead: boolean;
  admin: boolean;
  checkedAt?: Date;
}

/** What GitHub said about the user and the repository at `since` or later; null when it has not been asked since. */
export function findRecentRepositoryAccess(db: Db, key: RepositoryAccessKey & { since: Date }): Promise<RepositoryAccess | null> {
  return db.repositoryAccess.findFirst({ where: { userId: key.userId, repositoryId: key.repositoryId, checkedAt: { gte: key.since } } });
}

/** Keeps GitHub's latest answer, one row per user and repository. */
export function recordRepositoryAccess(db: Db, input: RecordRepositoryAccessInput): Promise<RepositoryAccess> {
  const key = { userId: input.userId, repositoryId: input.repositoryId };
  const answer = { canRead: input.canRead, admin: input.admin, checkedAt: input.checkedAt ?? new Date() };
  return db.repositoryAccess.upsert({ where: { userId_repositoryId: key }, create: { ...key, ...answer }, update: answer });
}
