import { randomUUID } from "node:crypto";
import { startTcpProxy, type TcpProxy } from "@lastcall/testkit";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRedisConnection } from "./redis-connections.js";
import { publishRepositoryChange, type RepositoryChangeSubscription, subscribeRepositoryChanges } from "./repository-changes.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `{lastcall-t-${randomUUID().slice(0, 8)}}`;

let publisher: Redis;
let proxy: TcpProxy;
let subscription: RepositoryChangeSubscription | undefined;

beforeAll(async () => {
  publisher = createRedisConnection(REDIS_URL, "producer");
  proxy = await startTcpProxy(new URL(REDIS_URL).host);
});

afterAll(async () => {
  await subscription?.close();
  await proxy?.close();
  await publisher?.quit();
});

describe("repository change notices", () => {
  it("reach subscribers of the same prefix as one key per repository, and keep coming after a reconnection", async () => {
    const changes: string[] = [];
    const onSubscribed = vi.fn();
    subscription = subscribeRepositoryChanges(`redis://${proxy.host}`, prefix, {
      onChange: (key) => changes.push(key),
      onSubscribed,
      onError: () => undefined,
    });
    await vi.waitFor(() => expect(onSubscribed).toHaveBeenCalledTimes(1));
    // Redis answers a subscription before it counts it; a published notice says how many received it.
    await vi.waitFor(async () => expect(await publisher.pubsub("NUMSUB", `${prefix}:repository-changed`)).toEqual([expect.any(String), 1]));

    await publishRepositoryChange(publisher, prefix, { host: "GitHub.com", owner: "Acme", name: "Server" });
    await publishRepositoryChange(publisher, `${prefix}-other`, { host: "github.com", owner: "acme", name: "other" });
    await vi.waitFor(() => expect(changes).toEqual(["github.com/acme/server"]));

    proxy.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    proxy.resume();
    // Subscribed again: whoever caches must assume it missed notices meanwhile.
    await vi.waitFor(() => expect(onSubscribed).toHaveBeenCalledTimes(2), { timeout: 10_000 });
    await vi.waitFor(async () => {
      await publishRepositoryChange(publisher, prefix, { host: "github.com", owner: "acme", name: "later" });
      expect(changes).toContain("github.com/acme/later");
    });
  });
});
