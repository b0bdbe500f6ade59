import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postScan, readEvents } from "./support/api-client.js";
import { startWebHarness, type WebHarness } from "./support/web-harness.js";

// SIGTERM while requests are in flight (a deploy, a scale-down): they complete with their normal
// answers, and the process exits 0 within its bound. The git server answers slowly, so that a
// submission is still resolving its ref (`git ls-remote`) when the signal arrives.

let harness: WebHarness;

beforeAll(async () => {
  harness = await startWebHarness({ withWorker: false, git: { responseDelayMs: 2_000 } });
  await harness.git.commit("acme/server", { files: { "src/index.ts": "export {};\n" } });
});

afterAll(async () => {
  await harness?.close();
});

describe("SIGTERM mid-request", () => {
  it("a submission and an event stream in flight complete normally; the process exits 0", async () => {
    // A queued scan whose event stream stays open (no worker runs it).
    const queued = await postScan(harness.baseUrl, { url: "acme/server" });
    expect(queued.status).toBe(202);
    const stream = await fetch(`${harness.baseUrl}/api/v1/scans/${queued.body.id}/events`);
    expect(stream.status).toBe(200);
    const events = readEvents(stream);

    await harness.git.commit("acme/server", { files: { "src/next.ts": "export {};\n" } });
    const requestsBefore = harness.git.requests.length;
    const submission = postScan(harness.baseUrl, { url: "acme/server" });
    // The submission is waiting on the git server.
    while (harness.git.requests.length === requestsBefore) await new Promise((resolve) => setTimeout(resolve, 20));

    const exited = once(harness.process, "exit");
    const signalled = Date.now();
    harness.process.kill("SIGTERM");

    // Shutdown stops the ref resolution; the scan is queued for the worker to resolve, as when git is slow.
    const submitted = await submission;
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: "queued", created: true });
    const scan = await harness.db.scan.findUniqueOrThrow({ where: { id: String(submitted.body.id) } });
    expect(scan).toMatchObject({ status: "queued", commitSha: null });

    // The stream ends cleanly after its first event (the client reconnects elsewhere), not with a reset.
    const received = await events;
    expect(received.map((event) => event.event)).toEqual(["progress"]);

    const [code] = await exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(harness.output()).toContain('"msg":"stopped"');
  });
});
