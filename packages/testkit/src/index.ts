export type { CommitSpec, GitHttpServer, GitHttpServerOptions, RepoFile } from "./git-http-server.js";
export { startGitHttpServer } from "./git-http-server.js";
