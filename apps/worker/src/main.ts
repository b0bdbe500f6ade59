import { ConfigError, loadWorkerConfig, requireQueueServices } from "./config.js";
import { createLogger } from "./logger.js";
import { startScanWorker } from "./start-worker.js";

let config: ReturnType<typeof loadWorkerConfig>;
try {
  config = loadWorkerConfig(process.env);
  requireQueueServices(config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`lastcall-worker: ${error.message}\n`);
  process.exit(2);
}

const logger = createLogger(config.logLevel);
const running = await startScanWorker(config, logger);
logger.info({ concurrency: config.concurrency, queuePrefix: config.queuePrefix }, "worker started");

let stopping = false;
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second signal means "now": the scans still running are picked up by another worker.
    logger.warn({ signal }, "second signal: exiting at once");
    process.exit(130);
  }
  stopping = true;
  logger.info({ signal }, "shutting down");
  running.close().then(
    () => {
      logger.info("worker stopped");
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    },
  );
}
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);
