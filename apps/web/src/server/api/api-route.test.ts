import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadWebConfig } from "../config.js";
import { getRuntime, startRuntime, type WebRuntime } from "../runtime.js";
import { ApiError } from "./api-error.js";
import { apiRoute } from "./api-route.js";

// The real runtime on real Redis (the database is never asked), with its own key prefix.
const prefix = `{lastcall-t-${randomUUID().slice(0, 8)}}`;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

let runtime: WebRuntime;
let redis: Redis;

beforeAll(async () => {
  const env = {
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
    REDIS_URL,
    LASTCALL_QUEUE_PREFIX: prefix,
    LASTCALL_RATE_LIMIT_API_PER_MINUTE: "2",
    LOG_LEVEL: "silent",
  };
  runtime = await startRuntime(loadWebConfig(env), env);
  if (runtime.redis === undefined) throw new Error("services mode expected");
  redis = runtime.redis;
  // The producer connection refuses commands until it is connected (it fails fast rather than queue them).
  if (redis.status !== "ready") await once(redis, "ready");
});

afterAll(async () => {
  await runtime?.close();
  const cleaner = new Redis(REDIS_URL);
  const keys = await cleaner.keys(`${prefix}*`);
  if (keys.length > 0) await cleaner.del(...keys);
  await cleaner.quit();
});

function request(client: string): Request {
  return new Request("http://localhost/api/v1/test", { headers: { "x-lastcall-client-ip": client } });
}

describe("apiRoute", () => {
  it("answers an ApiError with its status, code, message and headers", async () => {
    const route = apiRoute("reads", async () => {
      throw new ApiError(409, "scan_not_done", "not yet", { "x-extra": "1" });
    });
    const response = await route(request("192.0.2.1"), {});
    expect(response.status).toBe(409);
    expect(response.headers.get("x-extra")).toBe("1");
    expect(await response.json()).toEqual({ error: { code: "scan_not_done", message: "not yet" } });
  });

  it("turns anything else into a generic 500 that leaks nothing, and logs it", async () => {
    const logged = vi.spyOn(getRuntime().logger, "error");
    const secret = new Error("connect ECONNREFUSED postgresql://admin:hunter2@db-internal:5432");
    const response = await apiRoute("reads", () => Promise.reject(secret))(request("192.0.2.2"), {});
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: "internal", message: "Internal server error" } });
    expect(body).not.toMatch(/hunter2|ECONNREFUSED|db-internal/);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: secret, path: "/api/v1/test" }), "API request failed");
  });

  it("counts each client against its limit before running the handler", async () => {
    let ran = 0;
    const route = apiRoute("reads", async () => {
      ran += 1;
      return Response.json({ ok: true });
    });
    expect((await route(request("192.0.2.3"), {})).status).toBe(200);
    expect((await route(request("192.0.2.3"), {})).status).toBe(200);
    const limited = await route(request("192.0.2.3"), {});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(ran).toBe(2);
    // Another client has its own budget.
    expect((await route(request("192.0.2.4"), {})).status).toBe(200);
    // Counted in Redis, under the deployment's prefix, so that every web replica shares the count.
    expect(await redis.get(`${prefix}:rl:reads:192.0.2.3`)).toBe("3");
  });
});
