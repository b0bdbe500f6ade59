import { createDb, type Db } from "@lastcall/db";
import { createRedisConnection, createScanQueue, type ScanQueue } from "@lastcall/jobs";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { loadWebConfig, type WebConfig } from "./config.js";

/** The web process's long-lived clients, created once and closed once on shutdown. */
export interface WebRuntime {
  readonly config: WebConfig;
  readonly db: Db;
  readonly redis: Redis;
  readonly queue: ScanQueue;
  readonly logger: pino.Logger;
  /**
   * Aborted on SIGTERM: readiness answers 503 so load balancers stop sending traffic, and
   * long-lived responses (server-sent events) end so that draining is not held up by them.
   */
  readonly shutdown: AbortController;
}

// The custom server and Next's route bundles load this module separately; one global slot makes
// them share one set of connections.
const SLOT = Symbol.for("lastcall.web.runtime");
type Slot = { [SLOT]?: WebRuntime };

function createRuntime(config: WebConfig): WebRuntime {
  const redis = createRedisConnection(config.redisUrl, "producer");
  return {
    config,
    db: createDb(config.databaseUrl),
    redis,
    queue: createScanQueue(redis, config.queuePrefix),
    logger: pino({ level: config.logLevel, base: { service: "lastcall-web", pid: process.pid } }, pino.destination({ fd: 1, sync: true })),
    shutdown: new AbortController(),
  };
}

export function getRuntime(): WebRuntime {
  const slot = globalThis as Slot;
  slot[SLOT] ??= createRuntime(loadWebConfig(process.env));
  return slot[SLOT];
}

/** Closes the queue, Redis and PostgreSQL if they were ever opened. */
export async function closeRuntime(): Promise<void> {
  const runtime = (globalThis as Slot)[SLOT];
  if (runtime === undefined) return;
  await runtime.queue.close();
  await runtime.redis.quit();
  await runtime.db.$disconnect();
}
