import { join } from "node:path";
import { createDb, type Db, migrateDatabase, openEmbeddedDatabase } from "@lastcall/db";
import { createGithubApp, type GithubApp } from "@lastcall/github";
import {
  createRedisConnection,
  createScanQueue,
  publishRepositoryChange,
  type RepositoryRef,
  repositoryRefKey,
  type ScanJobQueue,
  subscribeRepositoryChanges,
} from "@lastcall/jobs";
import { AnalysisChildren, InProcessScanQueue, loadWorkerConfig, prepareWorkDir } from "@lastcall/worker";
import type { Redis } from "ioredis";
import type { pino } from "pino";
import { BadgeRecords, loadBadgeRecord } from "./badge/badge-records.js";
import type { WebConfig } from "./config.js";
import { createWebLogger } from "./logger.js";

export type RuntimeMode = "single-node" | "services";

/**
 * Change notices keep badge records current; the time-to-live only bounds staleness should one be lost
 * (a notice sent while this process's subscription was reconnecting is covered too: see forgetAll).
 */
const BADGE_RECORD_TTL_MS = 60_000;
const BADGE_RECORDS_MAX = 10_000;

/** The web process's long-lived clients, created once at start-up and closed once on shutdown. */
export interface WebRuntime {
  readonly config: WebConfig;
  /** "single-node": embedded database, scans in this process; "services": PostgreSQL and Redis (BullMQ). */
  readonly mode: RuntimeMode;
  readonly db: Db;
  /** Absent in single-node mode. */
  readonly redis: Redis | undefined;
  readonly queue: ScanJobQueue;
  readonly logger: pino.Logger;
  /** What badges show, kept in memory (see serve-badge.ts). */
  readonly badges: BadgeRecords;
  /**
   * Something a repository's badge shows changed here (its visibility, its badge token): this process's
   * badge cache drops it, and in services mode every other web process is told through Redis.
   */
  repositoryChanged(ref: RepositoryRef): void;
  /** The GitHub App when configured: the webhook endpoint verifies deliveries with its secrets. */
  readonly githubApp: GithubApp | undefined;
  /**
   * Aborted on SIGTERM: readiness answers 503 so load balancers stop sending traffic, and
   * long-lived responses (server-sent events) end so that draining is not held up by them.
   */
  readonly shutdown: AbortController;
  /** Single-node mode: takes no new scans, lets running ones finish within the drain bound or hands them back. */
  stopScans(): Promise<void>;
  /** Closes the queue, Redis and the database (the embedded one cleanly, so its directory is never left corrupt). */
  close(): Promise<void>;
}

// The custom server and Next's route bundles load this module separately; one global slot makes
// them share one set of connections.
const SLOT = Symbol.for("lastcall.web.runtime");
type Slot = { [SLOT]?: WebRuntime };

/**
 * PostgreSQL when DATABASE_URL is set, else the embedded database in the data directory; either is
 * migrated first (safe when several processes start at once: the runner takes an advisory lock).
 */
async function openDatabase(config: WebConfig, logger: pino.Logger): Promise<{ db: Db; closeDb: () => Promise<void> }> {
  const log = (message: string) => logger.info(message);
  if (config.databaseUrl !== undefined) {
    await migrateDatabase(config.databaseUrl, { log });
    const db = createDb(config.databaseUrl);
    return { db, closeDb: () => db.$disconnect() };
  }
  const embedded = await openEmbeddedDatabase(join(config.dataDir, "pgdata"), { log });
  return { db: embedded.db, closeDb: () => embedded.close() };
}

/**
 * Opens what the configuration asks for. Single-node mode opens (and migrates) the embedded
 * database and resumes the scans a previous process left queued or running; it takes the
 * worker's settings (limits, work directory) from the same environment.
 */
export async function startRuntime(config: WebConfig, env: Readonly<Record<string, string | undefined>>): Promise<WebRuntime> {
  const logger = createWebLogger(config.logLevel);
  const shutdown = new AbortController();
  const githubApp =
    config.githubApp === undefined
      ? undefined
      : createGithubApp({
          appId: config.githubApp.appId,
          privateKey: config.githubApp.privateKey,
          apiUrl: config.githubApiUrl,
          webhookSecrets: config.githubApp.webhookSecrets,
        });
  let runtime: WebRuntime;
  const { db, closeDb } = await openDatabase(config, logger);
  const badges = new BadgeRecords({ load: (ref) => loadBadgeRecord(db, ref), ttlMs: BADGE_RECORD_TTL_MS, max: BADGE_RECORDS_MAX });
  if (config.redisUrl !== undefined) {
    const { redisUrl, queuePrefix } = config;
    const redis = createRedisConnection(redisUrl, "producer");
    const queue = createScanQueue(redis, queuePrefix);
    // Workers announce stored scans, other web processes visibility and token changes.
    const changes = subscribeRepositoryChanges(redisUrl, queuePrefix, {
      onChange: (key) => badges.forget(key),
      onSubscribed: () => badges.forgetAll(),
      onError: (error) => logger.warn({ err: error }, "repository change notices: subscription error"),
    });
    runtime = {
      config,
      mode: "services",
      db,
      redis,
      queue,
      logger,
      badges,
      repositoryChanged(ref) {
        badges.forget(repositoryRefKey(ref));
        publishRepositoryChange(redis, queuePrefix, ref).catch((error: unknown) =>
          logger.warn({ err: error }, "repository change notice not sent"),
        );
      },
      githubApp,
      shutdown,
      stopScans: async () => {},
      async close() {
        await changes.close();
        await queue.close();
        // QUIT waits for pending replies. A producer that is not connected has none and refuses
        // commands (no offline queue), so its rejection only says there was nothing to close.
        await redis.quit().catch(() => undefined);
        await closeDb();
      },
    };
  } else {
    const workerConfig = loadWorkerConfig(env);
    const { dir: checkoutRoot } = await prepareWorkDir(workerConfig.workDir);
    const forget = (ref: RepositoryRef) => badges.forget(repositoryRefKey(ref));
    const analysisChildren = new AnalysisChildren({ maxMemoryMb: workerConfig.analysis.maxMemoryMb, processes: workerConfig.concurrency });
    const queue = new InProcessScanQueue(
      { db, config: workerConfig, logger, checkoutRoot, analysisChildren, onScanStored: forget },
      { concurrency: workerConfig.concurrency, drainMs: workerConfig.shutdownDrainMs },
    );
    runtime = {
      config,
      mode: "single-node",
      db,
      redis: undefined,
      queue,
      logger,
      badges,
      repositoryChanged: forget,
      githubApp,
      shutdown,
      stopScans: () => queue.close(),
      async close() {
        await queue.close();
        await analysisChildren.close();
        await closeDb();
      },
    };
    const resumed = await queue.resumeUnfinished();
    if (resumed > 0) logger.info({ resumed }, "resumed scans left by the previous process");
  }
  (globalThis as Slot)[SLOT] = runtime;
  return runtime;
}

/** The runtime `startRuntime` opened; routes run only inside the server that opened it. */
export function getRuntime(): WebRuntime {
  const runtime = (globalThis as Slot)[SLOT];
  if (runtime === undefined) throw new Error("the Lastcall runtime is not started: run the web app through dist/server.js");
  return runtime;
}
