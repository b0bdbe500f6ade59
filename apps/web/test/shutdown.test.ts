import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

let harness: WebHarness;

beforeAll(async () => {
  harness = await startWebHarness({ env: { LASTCALL_SHUTDOWN_DELAY_MS: "1500" } });
});

afterAll(async () => {
  await harness?.close();
});

describe("web process shutdown", () => {
  it("SIGTERM → readiness 503 while still serving, then a clean exit 0", async () => {
    expect((await fetch(`${harness.baseUrl}/readyz`)).status).toBe(200);
    const exited = once(harness.process, "exit");
    const signalled = Date.now();
    harness.process.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));

    const readiness = await fetch(`${harness.baseUrl}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: "shutting_down" });
    expect((await fetch(`${harness.baseUrl}/healthz`)).status).toBe(200);

    const [code] = await exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(harness.output()).toContain('"msg":"stopped"');
  });
});
