/** The worker as a library: the web process runs one in-process with `--with-worker`. */
export { ConfigError, loadWorkerConfig, type WorkerConfig } from "./config.js";
export { createLogger, type Logger } from "./logger.js";
export { type RunningWorker, startScanWorker } from "./start-worker.js";
