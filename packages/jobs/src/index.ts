export { createRedisConnection, type RedisRole } from "./redis-connections.js";
export { TooManyQueuedScansError } from "./repository-backlog.js";
export {
  publishRepositoryChange,
  type RepositoryChangeHandlers,
  type RepositoryChangeSubscription,
  type RepositoryRef,
  repositoryRefKey,
  subscribeRepositoryChanges,
} from "./repository-changes.js";
export { isScanErrorCode, SCAN_ERROR_CODES, type ScanErrorCode } from "./scan-errors.js";
export {
  type CheckRunJobData,
  checkRunJobDataSchema,
  checkRunJobId,
  SCAN_STAGES,
  type ScanIdentity,
  type ScanJobData,
  type ScanProgress,
  type ScanStage,
  scanJobDataSchema,
  scanJobId,
  scanProgressSchema,
} from "./scan-job.js";
export { createScanQueue, enqueueCheckRunJob, enqueueScanJob, type ScanJobQueue, type ScanQueue } from "./scan-queue.js";
export {
  CHECK_RUN_JOB_NAME,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_SCAN_JOB_OPTIONS,
  queuePrefixSchema,
  SCAN_JOB_NAME,
  SCAN_QUEUE_NAME,
} from "./scan-queue-contract.js";
export { type ScanRequest, type SubmitScanOptions, type SubmittedScan, submitScan } from "./submit-scan.js";
