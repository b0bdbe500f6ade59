import { randomUUID } from "node:crypto";
import { startTcpProxy, type TcpProxy } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postScan } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

// PostgreSQL going away under the running web app. The server is shared with other tests and is
// never stopped: the app reaches it through a proxy that the test cuts and restores.

let proxy: TcpProxy;
let harness: WebHarness;
let scanId: string;

beforeAll(async () => {
  proxy = await startTcpProxy(new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test").host);
  harness = await startWebHarness({
    withWorker: false,
    databaseHost: proxy.host,
    env: { LASTCALL_RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "1000", LASTCALL_RATE_LIMIT_API_PER_MINUTE: "10000" },
  });
  await harness.git.commit("acme/server", { files: { "src/index.ts": "export {};\n" } });
});

afterAll(async () => {
  await harness?.close();
  await proxy?.close();
});

const unavailable = {
  error: { code: "database_unavailable", message: "The database is not available at the moment; try again shortly" },
};

describe("PostgreSQL unavailable", () => {
  it("before: ready, and the API answers", async () => {
    expect((await getJson(harness.baseUrl, "/readyz")).body).toEqual({ status: "ready", checks: { database: "ok", redis: "ok" } });
    const submitted = await postScan(harness.baseUrl, { url: "acme/server" });
    expect(submitted.status).toBe(202);
    scanId = String(submitted.body.id);
  });

  it("during: /readyz answers 503 and the API 503 database_unavailable with Retry-After, never a bare 500", async () => {
    proxy.pause();
    const readiness = await getJson(harness.baseUrl, "/readyz");
    expect(readiness.status).toBe(503);
    expect(readiness.body).toEqual({ status: "unavailable", checks: { database: "unreachable", redis: "ok" } });

    for (const path of [
      `/api/v1/scans/${scanId}`,
      "/api/v1/repos/acme/server",
      "/api/v1/repos/acme/server/history",
      `/api/v1/scans/${randomUUID()}`,
    ]) {
      const read = await getJson(harness.baseUrl, path);
      expect({ path, status: read.status, body: read.body }).toEqual({ path, status: 503, body: unavailable });
      expect(read.headers.get("retry-after")).toBe("5");
    }
    const submitted = await postScan(harness.baseUrl, { url: "acme/server" });
    expect({ status: submitted.status, body: submitted.body }).toEqual({ status: 503, body: unavailable });
    // Liveness is about the process, which is fine.
    expect((await fetch(`${harness.baseUrl}/healthz`)).status).toBe(200);
  });

  it("after: recovers by itself, without a restart", async () => {
    const pid = harness.process.pid;
    proxy.resume();
    expect((await getJson(harness.baseUrl, "/readyz")).status).toBe(200);
    expect(await getJson(harness.baseUrl, `/api/v1/scans/${scanId}`)).toMatchObject({ status: 200, body: { id: scanId } });
    expect((await postScan(harness.baseUrl, { url: "acme/server" })).status).toBe(200);
    expect(harness.process.pid).toBe(pid);
    expect(harness.process.exitCode).toBeNull();
    expect(harness.output()).toContain('"msg":"database unavailable"');
  });
});
