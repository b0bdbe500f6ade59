/** Lastcall's database: the Prisma client over pg, the migration runner, and the data-access functions both apps use. */
export { getScanWithoutReport } from "./api-queries.js";
export { setRepositoryBadgeToken } from "./badge-tokens.js";
export {
  type CreateCheckRunInput,
  createCheckRun,
  getCheckRun,
  listScanCheckRuns,
  type UpdateCheckRunInput,
  updateCheckRun,
} from "./check-runs.js";
export { countUnfinishedScans } from "./count-unfinished-scans.js";
export { type CreateDbOptions, createDb, type Db } from "./create-db.js";
export { isDatabaseUnavailable } from "./database-unavailable.js";
export { defaultEmbeddedDataDir, type EmbeddedDatabase, EmbeddedDatabaseBusyError, openEmbeddedDatabase } from "./embedded-db.js";
export type {
  CheckRun,
  Finding,
  Installation,
  Repository,
  RepositoryAccess,
  RuleOutcome,
  Scan,
  Session,
  User,
  WebhookDelivery,
} from "./generated/prisma/client.js";
export { RuleOutcomeKind, ScanStatus, ScanTrigger } from "./generated/prisma/enums.js";
export type { GithubId } from "./github-id.js";
export { findActiveInstallation, markInstallationDeleted, type UpsertInstallationInput, upsertInstallation } from "./installations.js";
export { type MigrateOptions, type MigrateResult, MigrationError, migrate, type SqlSession } from "./migrate.js";
export { migrateDatabase } from "./migrate-database.js";
export { resolveMigrationsDir } from "./migrations-dir.js";
export {
  findLatestDefaultBranchScan,
  listRecentPublicScans,
  listRepositoryScans,
  listTopRepositories,
  type RepositoryScore,
  type ScanSummary,
} from "./page-queries.js";
export { attachScanCommit, findRefScan, type RequestRefScanInput, type RequestRefScanResult, requestRefScan } from "./ref-scans.js";
export { findRepository, getRepository, type UpsertRepositoryInput, upsertRepository } from "./repositories.js";
export {
  findRecentRepositoryAccess,
  type RecordRepositoryAccessInput,
  type RepositoryAccessKey,
  recordRepositoryAccess,
} from "./repository-access.js";
export {
  findScan,
  getScan,
  type HistoryPoint,
  listRecentScans,
  listRepositoryHistory,
  type ScanListItem,
  type ScanWithRepository,
} from "./scan-queries.js";
export { completeScan, getScanFindings, getScanRuleOutcomes, type ScanRunTimings } from "./scan-results.js";
export {
  failScan,
  markScanStatus,
  type RequestScanInput,
  type RequestScanResult,
  recordScanTiming,
  requestScan,
  requeueScan,
  type ScanProgress,
  type ScanProgressStatus,
} from "./scans.js";
export {
  type CreateSessionInput,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findSession,
  type SessionWithUser,
} from "./sessions.js";
export { listUnfinishedScans, type UnfinishedScan } from "./unfinished-scans.js";
export { type UpsertGithubUserInput, upsertGithubUser } from "./users.js";
export { markWebhookDeliveryProcessed, recordWebhookDelivery, type WebhookDeliveryInput } from "./webhook-deliveries.js";
