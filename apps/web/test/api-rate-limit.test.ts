import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postScan } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

let harness: WebHarness;

beforeAll(async () => {
  harness = await startWebHarness({
    withWorker: false,
    env: { LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "2", LASTCALL_RATE_LIMIT_API_PER_MINUTE: "3" },
  });
});

afterAll(async () => {
  await harness?.close();
});

// A client trying to pass as someone else: without LASTCALL_TRUST_PROXY neither header counts.
const forged = () => ({
  "content-type": "application/json",
  "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250)}`,
  "x-lastcall-client-ip": randomUUID(),
});

describe("rate limits", () => {
  it("refuse a client's submissions over the limit with 429 and Retry-After, however it names itself", async () => {
    expect((await postScan(harness.baseUrl, { url: "file:///x" })).status).toBe(400);
    expect((await postScan(harness.baseUrl, { url: "file:///x" }, forged())).status).toBe(400);
    const limited = await postScan(harness.baseUrl, { url: "file:///x" }, forged());
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("2 a minute") } });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("count API reads separately from submissions", async () => {
    const unknownScan = `/api/v1/scans/${randomUUID()}`;
    for (let i = 0; i < 3; i += 1) expect((await getJson(harness.baseUrl, unknownScan, forged())).status).toBe(404);
    const limited = await getJson(harness.baseUrl, unknownScan);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: "rate_limited", message: expect.any(String) } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("leave badges alone: caches and GitHub's image proxy fetch them for many readers", async () => {
    for (let i = 0; i < 5; i += 1) expect((await fetch(`${harness.baseUrl}/badge/acme/server.svg`)).status).toBe(200);
  });
});
