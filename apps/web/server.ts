import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, createLogger, loadWorkerConfig, type RunningWorker, startScanWorker } from "@lastcall/worker";
import { serveBadge } from "./src/server/badge/serve-badge.js";
import { loadWebConfig, type WebConfig, WebConfigError } from "./src/server/config.js";
import { startRuntime } from "./src/server/runtime.js";
import { standardSecurityHeaders } from "./src/server/security/standard-headers.js";

/**
 * The web app's process: Next.js behind our own HTTP server, so that shutdown is ours to run
 * (stop intake, let requests in flight finish within a bound, close PostgreSQL and Redis).
 * `--with-worker` also runs a BullMQ scan worker in this process: one command for the whole
 * service. Without DATABASE_URL and REDIS_URL (single-node mode) scans always run in this process.
 */
const appDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const withWorker = process.argv.includes("--with-worker");

let config: WebConfig;
let workerConfig: ReturnType<typeof loadWorkerConfig> | undefined;
try {
  config = loadWebConfig(process.env);
  workerConfig = withWorker && config.redisUrl !== undefined ? loadWorkerConfig(process.env) : undefined;
} catch (error) {
  if (!(error instanceof WebConfigError || error instanceof ConfigError)) throw error;
  process.stderr.write(`lastcall-web: ${error.message}\n`);
  process.exit(2);
}

// Next is CommonJS whose typings describe an ES default export; TypeScript reads a default import
// of it differently depending on what else is loaded, so take `module.exports` (that function) plainly.
const next: typeof import("next").default = createRequire(import.meta.url)("next");
const runtime = await startRuntime(config, process.env);
const { logger } = runtime;

/** A start-up step that fails ends the process (exit 1) with the runtime closed, instead of leaving it up and useless. */
async function orExit<T>(step: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    logger.fatal({ err: error }, `${step} failed`);
    await runtime.close().catch(() => undefined);
    process.exit(1);
  }
}

const app = next({ dev: false, dir: appDir, hostname: config.host, port: config.port });
await orExit("starting Next.js", () => app.prepare());
const handle = app.getRequestHandler();
const badgeDeps = { records: runtime.badges, githubServer: config.githubServer, logger };
const server = createServer((request, response) => {
  for (const [name, value] of Object.entries(standardSecurityHeaders(request.headers["x-forwarded-proto"]?.toString()))) {
    if (value !== undefined) response.setHeader(name, value);
  }
  if (serveBadge(request, response, badgeDeps)) return;
  // Route handlers cannot see the socket; the API's rate limits need the client's address. Set here, a
  // client cannot forge it (Node lower-cases header names, so any incoming value is overwritten).
  request.headers["x-lastcall-client-ip"] = request.socket.remoteAddress ?? "";
  handle(request, response).catch((error: unknown) => {
    // The path only: query strings can carry secrets (a badge token, an OAuth code).
    logger.error({ err: error, path: request.url?.split("?")[0] }, "request failed");
    if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
    response.end('{"error":{"code":"internal","message":"Internal server error"}}');
  });
});
// Announced only once bound: whoever waits for the line can connect at once.
await orExit(
  `listening on ${config.host}:${config.port}`,
  () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    }),
);
let worker: RunningWorker | undefined;
if (workerConfig !== undefined) {
  const { logLevel } = workerConfig;
  worker = await orExit("starting the scan worker", () => startScanWorker(workerConfig, createLogger(logLevel)));
}
const url = `http://localhost:${config.port}`;
const runsScans = runtime.mode === "single-node" || worker !== undefined;
logger.info({ url, mode: runtime.mode, worker: runsScans }, `Lastcall is running at ${url}`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  logger.info({ signal }, "shutting down");
  runtime.shutdown.abort();
  if (config.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection turns idle only once its last response is sent (an event stream that
  // just ended, say): keep closing idle ones so they do not hold the drain open.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  // Requests still running at the bound are cut off: the orchestrator's SIGKILL would follow anyway.
  const cutOff = setTimeout(() => server.closeAllConnections(), config.shutdownDrainMs);
  // Requests and scans drain side by side, each within its own bound, all below Docker's 10 s.
  await Promise.all([drained, worker?.close(), runtime.stopScans()]);
  clearInterval(sweep);
  clearTimeout(cutOff);
  await app.close();
  await runtime.close();
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    logger.warn({ signal }, "second signal: exiting at once");
    process.exit(130);
  }
  stopping = true;
  stop(signal).then(
    () => {
      logger.info("stopped");
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
