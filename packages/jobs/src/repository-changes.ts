import type { Redis } from "ioredis";
import { createRedisConnection } from "./redis-connections.js";

/** A repository as change notices name it: host, owner and name, which GitHub compares ignoring case. */
export interface RepositoryRef {
  host: string;
  owner: string;
  name: string;
}

/** One spelling per repository, whatever the casing it was written with. */
export function repositoryRefKey(ref: RepositoryRef): string {
  return `${ref.host}/${ref.owner}/${ref.name}`.toLowerCase();
}

function changesChannel(prefix: string): string {
  return `${prefix}:repository-changed`;
}

/**
 * Tells every web process that what a repository's badge shows may have changed (a scan was stored,
 * its visibility or badge token changed), so that caches drop it now instead of when they expire.
 */
export async function publishRepositoryChange(redis: Redis, prefix: string, ref: RepositoryRef): Promise<void> {
  await redis.publish(changesChannel(prefix), repositoryRefKey(ref));
}

export interface RepositoryChangeHandlers {
  /** A repository changed: its `repositoryRefKey`. */
  onChange(key: string): void;
  /**
   * Subscribed, the first time and again after every reconnection: notices sent while the connection
   * was down are lost, so whatever was cached before may be stale.
   */
  onSubscribed(): void;
  onError(error: Error): void;
}

export interface RepositoryChangeSubscription {
  close(): Promise<void>;
}

/** Listens to change notices on a connection of its own (a subscribed connection can do nothing else). */
export function subscribeRepositoryChanges(
  redisUrl: string,
  prefix: string,
  handlers: RepositoryChangeHandlers,
): RepositoryChangeSubscription {
  const channel = changesChannel(prefix);
  const redis = createRedisConnection(redisUrl, "subscriber");
  redis.on("message", (from: string, key: string) => {
    if (from === channel) handlers.onChange(key);
  });
  redis.on("error", handlers.onError);
  // ioredis subscribes again by itself after reconnecting; "ready" follows each (re)subscription.
  redis.on("ready", () => handlers.onSubscribed());
  redis.subscribe(channel).catch(handlers.onError);
  return {
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}
