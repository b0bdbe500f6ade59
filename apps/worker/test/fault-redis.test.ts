import { fixtureRepositoryFiles, type RedisServer, startRedisServer } from "@lastcall/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { isFinished, type PipelineHarness, startPipelineHarness } from "./support/pipeline-harness.js";

// Redis restarting under a running scan: a Redis of the test's own (the shared one serves other tests).

let redis: RedisServer | undefined;
let harness: PipelineHarness | undefined;

afterEach(async () => {
  await harness?.close();
  await redis?.close();
  harness = undefined;
  redis = undefined;
});

/** Every git response slowed down, so that the scan is still fetching when Redis goes. */
async function start(appendOnly: boolean): Promise<PipelineHarness> {
  redis = await startRedisServer({ appendOnly });
  harness = await startPipelineHarness({ responseDelayMs: 600 }, { redisUrl: redis.url });
  await harness.startWorker();
  return harness;
}

describe("Redis restarts mid-scan", () => {
  it("with its data (append-only, a crash): the scan completes once Redis is back, exactly once", async () => {
    const { git, submit, waitForScan, jobsOf, db } = await start(true);
    await git.commit("acme/server", { files: await fixtureRepositoryFiles() });
    const submitted = await submit({ owner: "acme", name: "server" });
    await waitForScan(submitted.scanId, (scan) => scan.status === "fetching");

    await redis?.stop("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis?.start();

    const scan = await waitForScan(submitted.scanId, isFinished, 45_000);
    expect(scan).toMatchObject({ status: "done", attempt: 1, errorCode: null });
    expect(await db.finding.count({ where: { scanId: scan.id } })).toBeGreaterThan(0);
    // BullMQ records the completion once its connection is back.
    const deadline = Date.now() + 10_000;
    while ((await jobsOf(scan.id, "completed")).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await jobsOf(scan.id, "completed")).toHaveLength(1);
    expect(await jobsOf(scan.id, "failed", "waiting", "active", "delayed")).toEqual([]);
  });

  it("without its data: the scan in flight completes; a queued scan whose job was lost runs when asked for again", async () => {
    const { git, submit, waitForScan } = await start(false);
    const files = await fixtureRepositoryFiles();
    await git.commit("acme/first", { files });
    await git.commit("acme/second", { files });
    const first = await submit({ owner: "acme", name: "first" });
    await waitForScan(first.scanId, (scan) => scan.status === "fetching");
    // One worker, one scan at a time: the second waits in Redis.
    const second = await submit({ owner: "acme", name: "second" });

    await redis?.stop();
    await redis?.start();

    expect(await waitForScan(first.scanId, isFinished, 45_000)).toMatchObject({ status: "done" });
    expect(await waitForScan(second.scanId, () => true)).toMatchObject({ status: "queued" });
    // Asking again (the user reloads, the webhook is redelivered) puts the lost job back.
    expect(await submit({ owner: "acme", name: "second" })).toMatchObject({ scanId: second.scanId, created: false });
    expect(await waitForScan(second.scanId, isFinished, 45_000)).toMatchObject({ status: "done" });
  });
});
