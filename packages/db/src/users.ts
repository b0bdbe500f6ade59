import type { Db } from "./create-db.js";
import type { User } from "./generated/prisma/client.js";
import { type GithubId, toGithubId } from "./github-id.js";

export interface UpsertGithubUserInput {
  /** GitHub's user id: logins can be renamed and reused, the id cannot. */
  githubId: GithubId;
  login: string;
  name?: string | null;
}

/** Records a user who signed in, or refreshes their login and name when they sign in again. */
export function upsertGithubUser(db: Db, input: UpsertGithubUserInput): Promise<User> {
  const details = { login: input.login, name: input.name ?? null };
  return db.user.upsert({
    where: { githubId: toGithubId(input.githubId) },
    create: { githubId: toGithubId(input.githubId), ...details },
    update: details,
  });
}
