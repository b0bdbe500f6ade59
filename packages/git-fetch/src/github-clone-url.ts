import { FetchError } from "./fetch-error.js";
import { isLoopbackHost } from "./loopback-host.js";
import { singleLine } from "./single-line.js";

/** GitHub's own limits: owners are alphanumerics and hyphens, repositories also `.` and `_`. */
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** Why `name` cannot be a GitHub owner or repository name, or undefined when it can. */
export function githubNameProblem(kind: "owner" | "repository", name: string): string | undefined {
  if (name.startsWith("-")) return `the ${kind} must not start with "-": ${name}`;
  if (!NAME.test(name) || name === "." || name === "..") return `not a valid ${kind} name: ${name}`;
  return undefined;
}

/**
 * What git fetches for `owner/repo` on `server`: `<origin>/<owner>/<repo>.git`. A name GitHub would
 * not accept throws `repo_not_found`, since no such repository can exist.
 */
export function githubCloneUrl(server: URL, owner: string, repo: string): string {
  const problem = githubNameProblem("owner", owner) ?? githubNameProblem("repository", repo);
  if (problem) throw new FetchError("repo_not_found", singleLine(problem));
  return `${server.origin}/${owner}/${repo}.git`;
}

/**
 * The repository's URL for messages (the clone URL without `.git`), once `cloneUrl` is known to be
 * exactly what `githubCloneUrl` makes for a repository on `server`, and `server` to speak https or
 * be a loopback http server. Anything else, such as credentials, another host or a path trick,
 * throws `host_not_allowed` before git is started.
 */
export function repositoryUrlOf(cloneUrl: string, server: URL): string {
  if (server.protocol !== "https:" && !(server.protocol === "http:" && isLoopbackHost(server.hostname))) {
    throw new FetchError("host_not_allowed", `${server.origin} is not allowed: only https, or plain http on a loopback host`);
  }
  const [, owner = "", repo = ""] = /^[^:]+:\/\/[^/]+\/([^/]+)\/([^/]+)\.git$/.exec(cloneUrl) ?? [];
  const validNames = githubNameProblem("owner", owner) === undefined && githubNameProblem("repository", repo) === undefined;
  if (!validNames || `${server.origin}/${owner}/${repo}.git` !== cloneUrl) {
    throw new FetchError("host_not_allowed", `not a repository URL on ${server.origin}: ${singleLine(cloneUrl).slice(0, 300)}`);
  }
  return `${server.origin}/${owner}/${repo}`;
}
