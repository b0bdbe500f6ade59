import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@lastcall/db";
import { createTestDatabase } from "@lastcall/db/testing";
import type { Redis } from "ioredis";
import { createRedisConnection } from "../redis-connections.js";
import { createScanQueue, type ScanQueue } from "../scan-queue.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface ScanQueueTestbed {
  db: Db;
  redis: Redis;
  /** A fresh hash-tagged key prefix: the shared Redis holds other tests' queues too. */
  prefix: string;
  queue: ScanQueue;
  /** Removes the queue's keys, closes the connections and drops the database. */
  close(): Promise<void>;
}

/** A fresh migrated database and a scan queue of its own on the shared Redis, as producers use them. */
export async function openScanQueueTestbed(): Promise<ScanQueueTestbed> {
  const prefix = `{lastcall-t-${randomUUID().slice(0, 8)}}`;
  const database = await createTestDatabase();
  const db = createDb(database.url);
  const redis = createRedisConnection(REDIS_URL, "producer");
  const queue = createScanQueue(redis, prefix);
  return {
    db,
    redis,
    prefix,
    queue,
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
      await redis.quit();
      await db.$disconnect();
      await database.drop();
    },
  };
}
