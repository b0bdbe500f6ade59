export type {
  FakeAnnotation,
  FakeCheckRun,
  FakeGithub,
  FakeGithubOptions,
  FakeGithubRepository,
  FakeGithubRequest,
  FakeInstallationToken,
  FakeManifestConversion,
  FakePullRequestFile,
} from "./fake-github.js";
export { startFakeGithub } from "./fake-github.js";
export { fixtureRepositoryFiles, withVaultLeaseRevoked } from "./fixture-repository.js";
export type { CommitSpec, GitHttpServer, GitHttpServerOptions, RepoFile } from "./git-http-server.js";
export { startGitHttpServer } from "./git-http-server.js";
