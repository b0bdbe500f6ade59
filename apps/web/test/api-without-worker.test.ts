import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postScan, readEvents } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

// No worker: submitted scans stay queued. The git server answers slowly, more slowly than the web
// app waits for `git ls-remote` in a request.
let harness: WebHarness;

beforeAll(async () => {
  harness = await startWebHarness({ withWorker: false, git: { responseDelayMs: 1_500 }, env: { LASTCALL_RESOLVE_TIMEOUT_MS: "300" } });
  await harness.git.commit("acme/slow", { files: { "index.ts": "export {};\n" } });
});

afterAll(async () => {
  await harness?.close();
});

describe("a scan the web app could not resolve in time", () => {
  let id: string;

  it("is queued for the worker to resolve (202, commit still null)", async () => {
    const submitted = await postScan(harness.baseUrl, { url: "acme/slow" });
    expect(submitted.status).toBe(202);
    id = String(submitted.body.id);
    const scan = await getJson(harness.baseUrl, `/api/v1/scans/${id}`);
    expect(scan.body).toMatchObject({
      id,
      status: "queued",
      stage: "queued",
      commit: null,
      sarifUrl: null,
      progress: { filesDone: 0, filesTotal: 0 },
    });
    expect(scan.body).not.toHaveProperty("score");
  });

  it("has no SARIF yet (409)", async () => {
    const sarif = await getJson(harness.baseUrl, `/api/v1/scans/${id}/sarif`);
    expect(sarif.status).toBe(409);
    expect(sarif.body).toEqual({ error: { code: "scan_not_done", message: expect.stringContaining("queued") } });
  });

  it("streams its state until the server shuts down, which ends the stream at once", async () => {
    const response = await fetch(`${harness.baseUrl}/api/v1/scans/${id}/events`);
    const exited = once(harness.process, "exit");
    let signalledAt = 0;
    const events = await readEvents(response, () => {
      if (signalledAt === 0) {
        signalledAt = Date.now();
        harness.process.kill("SIGTERM");
      }
    });
    const streamEndedAfter = Date.now() - signalledAt;
    expect(events.map((event) => JSON.parse(event.data).status)).toEqual(["queued"]);
    const [code] = await exited;
    expect(code).toBe(0);
    // Well below the 5 s drain bound: the open stream did not hold the shutdown up.
    expect(streamEndedAfter).toBeLessThan(2_000);
  });
});
