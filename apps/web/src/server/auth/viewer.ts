import { deleteSession, findRecentRepositoryAccess, findSession, type Repository, recordRepositoryAccess, type User } from "@lastcall/db";
import { GithubTokenRejectedError, getRepositoryAccess, type RepositoryAccessAnswer } from "@lastcall/github";
import type { WebRuntime } from "../runtime.js";
import { readCookie, SESSION_COOKIE } from "./cookies.js";
import { openGithubToken, sessionSecretHash } from "./session-secret.js";

/** How long GitHub's answer about a user and a repository is trusted: access granted or taken away shows within this. */
export const ACCESS_CACHE_MS = 5 * 60 * 1000;

/** Who is asking, and what they may see. Made once per request; answers are remembered for the request's life. */
export interface Viewer {
  /** The signed-in user; undefined when signed out (or sign-in is not configured). */
  readonly user: User | undefined;
  /** Public repositories: everyone. Private ones: signed-in users whom GitHub lets read them. */
  canRead(repository: Repository): Promise<boolean>;
  /** Whether GitHub says the viewer administers the repository; `fresh` asks GitHub now rather than trusting a recent answer. */
  isAdmin(repository: Repository, options?: { fresh?: boolean }): Promise<boolean>;
}

interface SignedInSession {
  user: User;
  secretHash: string;
  githubToken: string;
}

const NO_ACCESS: RepositoryAccessAnswer = { canRead: false, admin: false };

/** The session the cookie names, when it is live and its secret opens its GitHub token. */
async function findSignedInSession(runtime: WebRuntime, cookieHeader: string | null): Promise<SignedInSession | undefined> {
  if (runtime.config.githubOAuth === undefined) return undefined;
  const secret = readCookie(cookieHeader, SESSION_COOKIE);
  if (secret === undefined) return undefined;
  const secretHash = sessionSecretHash(secret);
  const session = await findSession(runtime.db, secretHash);
  const githubToken = session === null ? undefined : openGithubToken(session.githubToken, secret);
  if (session === null || githubToken === undefined) return undefined;
  return { user: session.user, secretHash, githubToken };
}

/**
 * Asks GitHub with the user's own token and remembers the answer. A token GitHub rejects (expired, or the
 * user revoked the App) ends the session. When GitHub cannot be asked, the answer is "no access", not
 * remembered: a private repository is never shown on a guess.
 */
async function askGithub(runtime: WebRuntime, session: SignedInSession, repository: Repository): Promise<RepositoryAccessAnswer> {
  try {
    const answer = await getRepositoryAccess({
      apiUrl: runtime.config.githubApiUrl,
      token: session.githubToken,
      owner: repository.owner,
      repo: repository.name,
    });
    await recordRepositoryAccess(runtime.db, { userId: session.user.id, repositoryId: repository.id, ...answer });
    return answer;
  } catch (error) {
    if (error instanceof GithubTokenRejectedError) {
      await deleteSession(runtime.db, session.secretHash);
      return NO_ACCESS;
    }
    runtime.logger.warn({ err: error, repository: `${repository.owner}/${repository.name}` }, "could not ask GitHub about access; denied");
    return NO_ACCESS;
  }
}

async function repositoryAccess(
  runtime: WebRuntime,
  session: SignedInSession,
  repository: Repository,
  fresh: boolean,
): Promise<RepositoryAccessAnswer> {
  if (!fresh) {
    const since = new Date(Date.now() - ACCESS_CACHE_MS);
    const recent = await findRecentRepositoryAccess(runtime.db, { userId: session.user.id, repositoryId: repository.id, since });
    if (recent !== null) return { canRead: recent.canRead, admin: recent.admin };
  }
  return askGithub(runtime, session, repository);
}

/** The viewer of a request, from its `Cookie` header. */
export async function viewerFromCookies(runtime: WebRuntime, cookieHeader: string | null): Promise<Viewer> {
  const session = await findSignedInSession(runtime, cookieHeader);
  const answers = new Map<string, Promise<RepositoryAccessAnswer>>();
  const access = (repository: Repository, fresh: boolean): Promise<RepositoryAccessAnswer> => {
    if (session === undefined) return Promise.resolve(NO_ACCESS);
    const key = `${repository.id}:${fresh}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = repositoryAccess(runtime, session, repository, fresh);
      answers.set(key, answer);
    }
    return answer;
  };
  return {
    user: session?.user,
    async canRead(repository) {
      return !repository.private || (await access(repository, false)).canRead;
    },
    async isAdmin(repository, { fresh = false } = {}) {
      return (await access(repository, fresh)).admin;
    },
  };
}

/** The viewer of an API request or route handler. */
export function viewerOfRequest(runtime: WebRuntime, request: Request): Promise<Viewer> {
  return viewerFromCookies(runtime, request.headers.get("cookie"));
}
