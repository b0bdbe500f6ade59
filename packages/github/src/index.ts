export { type ChangedLines, changedLinesFromPatches, type PullRequestFile } from "./changed-lines.js";
export { type AnnotationLevel, type CheckRunAnnotation, checkRunAnnotations, DEFAULT_MAX_ANNOTATIONS } from "./check-run-annotations.js";
export type { CheckRunConclusion, CheckRunOutput } from "./check-run-output.js";
export { type CheckRunSummaryOptions, checkRunSummary } from "./check-run-summary.js";
export { type CheckRunTitleOptions, checkRunTitle } from "./check-run-title.js";
export { compareFindings, type FindingComparison } from "./compare-findings.js";
export { CHECK_RUN_NAME, type CreateCheckRunOptions, createCheckRun } from "./create-check-run.js";
export { type Conclusion, type DecideConclusionOptions, decideConclusion } from "./decide-conclusion.js";
export {
  createGithubApp,
  type GithubApp,
  type GithubAppOptions,
  getInstallationToken,
  type InstallationToken,
  installationOctokit,
  type OctokitApp,
} from "./github-app.js";
export { type GithubAppConfig, GithubAppConfigError, loadGithubAppConfig } from "./github-app-config.js";
export {
  GithubTokenRejectedError,
  type GithubUser,
  type GithubUserRequestOptions,
  getGithubUser,
  getRepositoryAccess,
  type RepositoryAccessAnswer,
} from "./github-user.js";
export { type ListPullRequestFilesOptions, listPullRequestFiles } from "./list-pull-request-files.js";
export { neutralOutput } from "./neutral-output.js";
export {
  type ExchangeOAuthCodeOptions,
  exchangeOAuthCode,
  type OAuthAuthorizationUrlOptions,
  OAuthExchangeError,
  oauthAuthorizationUrl,
  type UserAccessToken,
} from "./oauth-web-flow.js";
export { MAX_ANNOTATIONS_PER_REQUEST, type PublishCheckRunOptions, publishCheckRun } from "./publish-check-run.js";
export { type VerifyWebhookOptions, verifyWebhook } from "./verify-webhook.js";
export { type HeaderSource, parseWebhookHeaders, REQUIRED_WEBHOOK_HEADERS, type WebhookHeaders } from "./webhook-headers.js";
