export type {
  FakeAnnotation,
  FakeCheckRun,
  FakeGithub,
  FakeGithubOAuthOptions,
  FakeGithubOptions,
  FakeGithubPermission,
  FakeGithubRepository,
  FakeGithubRequest,
  FakeGithubUser,
  FakeInstallationToken,
  FakeManifestConversion,
  FakePullRequestFile,
  FakeUserToken,
} from "./fake-github.js";
export { startFakeGithub } from "./fake-github.js";
export { fixtureRepositoryFiles, withVaultLeaseRevoked } from "./fixture-repository.js";
export { freePort } from "./free-port.js";
export type { CommitSpec, GitHttpServer, GitHttpServerOptions, RepoFile } from "./git-http-server.js";
export { startGitHttpServer } from "./git-http-server.js";
export type { ImportCommitSpec, ImportFile } from "./import-commit.js";
export { type RedisServer, type RedisServerOptions, startRedisServer } from "./redis-server.js";
export { type CapturedProcess, spawnCaptured } from "./spawn-captured.js";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
