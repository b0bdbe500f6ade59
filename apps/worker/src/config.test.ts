import { describe, expect, it } from "vitest";
import { ConfigError, loadWorkerConfig, requireQueueServices } from "./config.js";

const valid = {
  DATABASE_URL: "postgresql://lastcall:secret@db:5432/lastcall",
  REDIS_URL: "redis://redis:6379",
  PATH: "/usr/bin",
  GIT_DIR: "/somewhere/else",
};

describe("loadWorkerConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadWorkerConfig(valid);
    expect(config).toMatchObject({
      githubApiUrl: "https://api.github.com",
      queuePrefix: "{lastcall}",
      concurrency: 1,
      fetch: { timeoutMs: 120_000, maxBytes: 200 * 1024 * 1024, maxFiles: 100_000 },
      shutdownDrainMs: 7_000,
    });
    expect(config.githubServer.href).toBe("https://github.com/");
    // The drain bound must leave room inside Docker's default 10 s grace period.
    expect(config.shutdownDrainMs).toBeLessThan(10_000);
  });

  it("passes git only the variables it may see", () => {
    expect(loadWorkerConfig(valid).gitEnv).toEqual({ PATH: "/usr/bin" });
  });

  it("names each missing or bad variable", () => {
    expect(() => requireQueueServices(loadWorkerConfig({}))).toThrow(/DATABASE_URL is required; REDIS_URL is required/);
    expect(() => requireQueueServices(loadWorkerConfig({ REDIS_URL: valid.REDIS_URL }))).toThrow(
      /^invalid environment: DATABASE_URL is required$/,
    );
    expect(() => loadWorkerConfig({ ...valid, DATABASE_URL: "mysql://db/x" })).toThrow(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(() => loadWorkerConfig({ ...valid, LASTCALL_WORKER_CONCURRENCY: "0" })).toThrow(/LASTCALL_WORKER_CONCURRENCY/);
    expect(() => loadWorkerConfig({ ...valid, LASTCALL_QUEUE_PREFIX: "lastcall" })).toThrow(
      /LASTCALL_QUEUE_PREFIX must be a Redis Cluster hash tag/,
    );
    expect(() => loadWorkerConfig({ ...valid, GITHUB_SERVER_URL: "http://github.example" })).toThrow(ConfigError);
  });

  it("accepts plain http only for a loopback git server (the tests' local one)", () => {
    expect(loadWorkerConfig({ ...valid, GITHUB_SERVER_URL: "http://127.0.0.1:8080" }).githubServer.host).toBe("127.0.0.1:8080");
  });
});
