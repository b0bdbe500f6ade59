import { z } from "zod";

/** GitHub refused the user's token (401): it expired, or the user revoked the App's authorization. */
export class GithubTokenRejectedError extends Error {
  override readonly name = "GithubTokenRejectedError";
}

export interface GithubUserRequestOptions {
  /** GITHUB_API_URL. */
  apiUrl: string;
  /** The user's access token from the OAuth web flow. It is a credential: never log it. */
  token: string;
  timeoutMs?: number;
}

export interface GithubUser {
  id: number;
  login: string;
  name: string | null;
}

/** What the user may do in one repository, as GitHub answers the user (not the App). */
export interface RepositoryAccessAnswer {
  canRead: boolean;
  admin: boolean;
}

const userSchema = z.object({ id: z.number().int().positive(), login: z.string().min(1), name: z.string().nullable().optional() });
const repositorySchema = z.object({ permissions: z.object({ admin: z.boolean(), pull: z.boolean() }).optional() });

async function getAsUser(options: GithubUserRequestOptions, path: string): Promise<Response> {
  const response = await fetch(`${options.apiUrl.replace(/\/+$/, "")}${path}`, {
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${options.token}`,
      "user-agent": "lastcall",
      "x-github-api-version": "2022-11-28",
    },
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (response.status === 401) throw new GithubTokenRejectedError("GitHub rejected the user's token");
  return response;
}

/** The signed-in user (`GET /user`). */
export async function getGithubUser(options: GithubUserRequestOptions): Promise<GithubUser> {
  const response = await getAsUser(options, "/user");
  if (!response.ok) throw new Error(`GET /user answered ${response.status}`);
  const user = userSchema.parse(await response.json());
  return { id: user.id, login: user.login, name: user.name ?? null };
}

/**
 * Whether the user can read `owner/repo`, and administers it (`GET /repos/:owner/:repo` with the user's
 * token). GitHub hides what a user may not see behind 404 (403 when the App may not), so both mean no access.
 * A GitHub App's user token also sees only repositories the App is installed on, which is where private
 * repositories come from here.
 */
export async function getRepositoryAccess(
  options: GithubUserRequestOptions & { owner: string; repo: string },
): Promise<RepositoryAccessAnswer> {
  const response = await getAsUser(options, `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`);
  if (response.status === 404 || response.status === 403) return { canRead: false, admin: false };
  if (!response.ok) throw new Error(`GET /repos/:owner/:repo answered ${response.status}`);
  const { permissions } = repositorySchema.parse(await response.json());
  return { canRead: permissions?.pull ?? true, admin: permissions?.admin ?? false };
}
