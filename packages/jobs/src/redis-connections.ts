import { Redis } from "ioredis";

export type RedisRole = "producer" | "worker" | "subscriber";

/**
 * Producers and workers get separate connections with different failure behaviour: a worker's
 * blocking commands must wait out a Redis restart (`maxRetriesPerRequest: null`, as BullMQ
 * requires), while a producer serving an HTTP request must fail fast instead of queueing
 * commands while Redis is away. A subscriber, like a worker, waits out restarts: it has no
 * request to answer, only notices to keep receiving.
 */
export function createRedisConnection(url: string, role: RedisRole): Redis {
  return new Redis(url, {
    connectionName: `lastcall-${role}`,
    maxRetriesPerRequest: role === "producer" ? 2 : null,
    enableOfflineQueue: role !== "producer",
    lazyConnect: false,
  });
}
