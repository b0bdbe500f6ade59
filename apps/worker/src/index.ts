/** The worker as a library: the web process runs one in-process with `--with-worker`. */
export { AnalysisChildren } from "./analysis/analysis-children.js";
export { ConfigError, loadWorkerConfig, requireQueueServices, type WorkerConfig } from "./config.js";
export { InProcessScanQueue, type InProcessScanQueueOptions } from "./in-process-scan-queue.js";
export { createLogger, LOG_REDACTION, type Logger } from "./logger.js";
export type { ScanDeps } from "./run-scan.js";
export { type RunningWorker, startScanWorker } from "./start-worker.js";
export { prepareWorkDir } from "./work-dir.js";
