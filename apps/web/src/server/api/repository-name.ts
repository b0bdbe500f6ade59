import { parseGithubUrl } from "@lastcall/git-fetch";

/**
 * `owner` and `repo` from a URL path, when they could name a repository on `server`; undefined
 * otherwise, so that a name no repository can have is answered without asking the database (and a
 * NUL or similar byte never reaches PostgreSQL). The repository URL parser is the one judge of names.
 */
export function repositoryName(owner: string, repo: string, server: URL): { owner: string; name: string } | undefined {
  const parsed = parseGithubUrl(`${server.origin}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`, server);
  if (!parsed.ok || parsed.repo.owner !== owner || parsed.repo.repo !== repo) return undefined;
  return { owner, name: repo };
}
