import { fixtureRepositoryFiles, startTcpProxy, type TcpProxy } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFinished, type PipelineHarness, startPipelineHarness } from "./support/pipeline-harness.js";

// PostgreSQL going away under a running scan. The server is shared with other tests and is never
// stopped: the worker reaches it through a proxy that the test cuts and restores.

let harness: PipelineHarness;
let proxy: TcpProxy;

beforeAll(async () => {
  // Every git response slowed down, so that the outage begins while the scan is still fetching.
  harness = await startPipelineHarness({ responseDelayMs: 400 });
  const direct = new URL(harness.env.DATABASE_URL ?? "");
  proxy = await startTcpProxy(direct.host);
  const viaProxy = new URL(direct);
  viaProxy.host = proxy.host;
  await harness.startWorker({ DATABASE_URL: viaProxy.href });
});

afterAll(async () => {
  await harness?.close();
  await proxy?.close();
});

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("PostgreSQL unavailable mid-scan", () => {
  it("the worker retries its writes with backoff and completes the scan in the same attempt once the database is back", async () => {
    await harness.git.commit("acme/server", { files: await fixtureRepositoryFiles() });
    const submitted = await harness.submit({ owner: "acme", name: "server" });
    await harness.waitForScan(submitted.scanId, (scan) => scan.status === "fetching");

    proxy.pause();
    // The fetch goes on; its next write finds no database, and the worker keeps trying.
    const cutAt = proxy.connections;
    await until(() => proxy.connections >= cutAt + 2, "the worker to try the database again");
    expect((await harness.waitForScan(submitted.scanId, () => true)).status).not.toBe("done");
    proxy.resume();

    const scan = await harness.waitForScan(submitted.scanId, isFinished, 45_000);
    expect(scan).toMatchObject({ status: "done", attempt: 1, errorCode: null });
    expect(await harness.db.finding.count({ where: { scanId: scan.id } })).toBeGreaterThan(0);
    // One run of the job: the outage cost a pause, not a second fetch and analysis.
    const job = await harness.settledJobOf(scan.id, "completed");
    expect(job.attemptsMade).toBe(1);
    expect(job.stacktrace ?? []).toEqual([]);
  });

  it("the next scan works as usual", async () => {
    await harness.git.commit("acme/next", { files: { "src/index.ts": 'process.on("SIGTERM", () => process.exit(0));\n' } });
    const submitted = await harness.submit({ owner: "acme", name: "next" });
    expect(await harness.waitForScan(submitted.scanId, isFinished)).toMatchObject({ status: "done" });
  });
});
