import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "@lastcall/db";
import { createTestDatabase } from "@lastcall/db/testing";
import { createRedisConnection, createScanQueue, type ScanQueue } from "@lastcall/jobs";
import type { GitHttpServer } from "@lastcall/testkit";
import { closeOnExit } from "../cleanup.js";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * The state one benchmark scenario owns: a fresh, migrated PostgreSQL database, a fresh BullMQ key
 * prefix on the shared Redis, a checkout directory, and the environment every service process of
 * the scenario gets. Nothing is shared with other runs or with tests running alongside.
 */
export interface BenchServices {
  readonly db: Db;
  readonly queue: ScanQueue;
  readonly git: GitHttpServer;
  /** The git server's host, as repositories are stored. */
  readonly host: string;
  /** What web and worker processes need, and nothing of the runner's own environment. */
  readonly env: Record<string, string>;
  /** Removes the database, the prefix's Redis keys and the checkouts. Idempotent. */
  close(): Promise<void>;
}

export async function createBenchServices(git: GitHttpServer): Promise<BenchServices> {
  const database = await createTestDatabase();
  const workDir = await mkdtemp(join(tmpdir(), "lastcall-bench-work-"));
  const prefix = `{lastcall-bench-${randomUUID().slice(0, 8)}}`;
  const producer = createRedisConnection(REDIS_URL, "producer");
  const queue = createScanQueue(producer, prefix);
  const db = createDb(database.url);
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    REDIS_URL,
    GITHUB_SERVER_URL: git.url,
    LASTCALL_QUEUE_PREFIX: prefix,
    LASTCALL_WORK_DIR: workDir,
    LOG_LEVEL: "info",
  };

  let closing: Promise<void> | undefined;
  const close = closeOnExit(() => {
    closing ??= (async () => {
      await queue.close();
      // The prefix is ours alone; SCAN rather than KEYS, since other runs share this Redis.
      const keys: string[] = [];
      for await (const batch of producer.scanStream({ match: `${prefix}*`, count: 1000 })) keys.push(...(batch as string[]));
      if (keys.length > 0) await producer.del(...keys);
      await producer.quit();
      await db.$disconnect();
      await database.drop();
      await rm(workDir, { recursive: true, force: true });
    })();
    return closing;
  });
  return {
    db,
    queue,
    git,
    host: new URL(git.url).host,
    env,
    close,
  };
}
