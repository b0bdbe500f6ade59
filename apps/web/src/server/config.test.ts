import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWebConfig, WebConfigError } from "./config.js";

const valid = {
  DATABASE_URL: "postgresql://lastcall@db/lastcall",
  REDIS_URL: "redis://redis:6379",
  PATH: "/usr/bin",
  GIT_DIR: "/elsewhere",
};

describe("loadWebConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadWebConfig(valid)).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      githubApiUrl: "https://api.github.com",
      publicUrl: undefined,
      queuePrefix: "{lastcall}",
      shutdownDelayMs: 0,
      shutdownDrainMs: 5_000,
      gitEnv: { PATH: "/usr/bin" },
    });
    expect(loadWebConfig(valid).githubServer.origin).toBe("https://github.com");
  });

  it("names each missing or bad variable", () => {
    expect(() => loadWebConfig({ REDIS_URL: valid.REDIS_URL })).toThrow(/REDIS_URL needs DATABASE_URL/);
    expect(() => loadWebConfig({ DATABASE_URL: "mysql://db/x" })).toThrow(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(() => loadWebConfig({ ...valid, PORT: "70000" })).toThrow(/PORT/);
    expect(() => loadWebConfig({ ...valid, LASTCALL_PUBLIC_URL: "javascript:alert(1)" })).toThrow(WebConfigError);
  });

  it("runs single-node with no configuration at all: the embedded database under ./.lastcall", () => {
    const config = loadWebConfig({});
    expect(config).toMatchObject({ databaseUrl: undefined, redisUrl: undefined, dataDir: resolve(".lastcall") });
    expect(loadWebConfig({ LASTCALL_DATA_DIR: "/var/lib/lastcall" }).dataDir).toBe("/var/lib/lastcall");
  });

  it("keeps the public URL without a trailing slash", () => {
    expect(loadWebConfig({ ...valid, LASTCALL_PUBLIC_URL: "https://lastcall.example/" }).publicUrl).toBe("https://lastcall.example");
  });

  it("reads the API's rate limits and how many proxies to trust, trusting none by default", () => {
    expect(loadWebConfig(valid)).toMatchObject({
      trustProxyHops: 0,
      rateLimits: { submissionsPerMinute: 10, apiPerMinute: 120 },
      maxQueuedScansPerRepository: 5,
    });
    const set = {
      ...valid,
      LASTCALL_TRUST_PROXY: "1",
      LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "3",
      LASTCALL_RATE_LIMIT_API_PER_MINUTE: "30",
    };
    expect(loadWebConfig(set)).toMatchObject({ trustProxyHops: 1, rateLimits: { submissionsPerMinute: 3, apiPerMinute: 30 } });
    expect(() => loadWebConfig({ ...valid, LASTCALL_RATE_LIMIT_API_PER_MINUTE: "0" })).toThrow(/LASTCALL_RATE_LIMIT_API_PER_MINUTE/);
    expect(() => loadWebConfig({ ...valid, LASTCALL_TRUST_PROXY: "yes" })).toThrow(/LASTCALL_TRUST_PROXY/);
  });

  it("loads the GitHub App when GITHUB_APP_ID is set, its key from a file too, and names what is missing", () => {
    expect(loadWebConfig(valid).githubApp).toBeUndefined();
    const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const app = {
      GITHUB_APP_ID: "42",
      GITHUB_WEBHOOK_SECRET: "current-secret-0123456789",
      GITHUB_WEBHOOK_SECRET_PREVIOUS: "old-secret-0123456789",
    };
    expect(loadWebConfig({ ...valid, ...app, GITHUB_APP_PRIVATE_KEY: privateKey }).githubApp).toEqual({
      appId: "42",
      privateKey,
      webhookSecrets: ["current-secret-0123456789", "old-secret-0123456789"],
    });

    const keyFile = join(mkdtempSync(join(tmpdir(), "lastcall-web-config-")), "app.pem");
    writeFileSync(keyFile, privateKey);
    expect(loadWebConfig({ ...valid, ...app, GITHUB_APP_PRIVATE_KEY_FILE: keyFile }).githubApp?.privateKey).toBe(privateKey);

    expect(() => loadWebConfig({ ...valid, ...app })).toThrow(WebConfigError);
    expect(() => loadWebConfig({ ...valid, ...app })).toThrow(/GITHUB_APP_PRIVATE_KEY/);
    expect(() => loadWebConfig({ ...valid, ...app, GITHUB_APP_PRIVATE_KEY_FILE: `${keyFile}.missing` })).toThrow(
      /GITHUB_APP_PRIVATE_KEY_FILE cannot be read/,
    );
    expect(() => loadWebConfig({ ...valid, GITHUB_APP_ID: "42", GITHUB_APP_PRIVATE_KEY: privateKey })).toThrow(/GITHUB_WEBHOOK_SECRET/);
  });
});
