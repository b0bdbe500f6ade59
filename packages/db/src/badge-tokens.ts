import type { Db } from "./create-db.js";

/**
 * Replaces a repository's badge token (its private badge's URL secret): from now on only `token` shows the
 * score, and the previous one gets the grey badge like any wrong token. Returns whether the repository exists.
 */
export async function setRepositoryBadgeToken(db: Db, repositoryId: string, token: string): Promise<boolean> {
  const { count } = await db.repository.updateMany({ where: { id: repositoryId }, data: { badgeToken: token } });
  return count === 1;
}
