/** Links into the configured GitHub server (github.com, an Enterprise host, or the tests' git server). */

export function repositoryUrl(server: URL, owner: string, name: string): string {
  return `${server.origin}/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

export function commitUrl(server: URL, owner: string, name: string, commit: string): string {
  return `${repositoryUrl(server, owner, name)}/commit/${commit}`;
}

/** A line of a file as it was at `commit`; the path's segments are encoded, its slashes kept. */
export function blobUrl(server: URL, owner: string, name: string, commit: string, file: string, line: number): string {
  const path = file.split("/").map(encodeURIComponent).join("/");
  return `${repositoryUrl(server, owner, name)}/blob/${commit}/${path}#L${line}`;
}

/** The one-line command that reproduces a report locally, on the same commit. */
export function reproduceCommand(server: URL, owner: string, name: string, commit: string): string {
  return `npx lastcall audit ${repositoryUrl(server, owner, name)}/tree/${commit}`;
}
