import { attachScanCommit, markScanStatus } from "@lastcall/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { requeueLostScans } from "../src/requeue-lost-scans.js";
import { type PipelineHarness, startPipelineHarness } from "./support/pipeline-harness.js";

let harness: PipelineHarness;

beforeAll(async () => {
  harness = await startPipelineHarness();
});

afterAll(async () => {
  await harness?.close();
});

const log = createLogger("silent");
const options = { queuedGraceMs: 60_000, runningGraceMs: 600_000 };
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

/** Redis lost the scan's jobs, as after a restart without persistence. */
async function loseJobs(scanId: string) {
  for (const job of await harness.jobsOf(scanId, "waiting", "delayed", "prioritized")) await job.remove();
  expect(await harness.jobsOf(scanId, "waiting")).toEqual([]);
}

describe("requeueLostScans", () => {
  it("queues again the scans whose jobs Redis lost, once each, and leaves alone those it still has or that are young", async () => {
    const kept = await harness.submit({ owner: "acme", name: "kept", commitSha: "a".repeat(40) });
    const lost = await harness.submit({ owner: "acme", name: "lost", commitSha: "b".repeat(40) });
    await loseJobs(lost.scanId);
    const running = await harness.submit({ owner: "acme", name: "running", commitSha: "c".repeat(40) });
    await loseJobs(running.scanId);
    await markScanStatus(harness.db, running.scanId, "analyzing", { filesDone: 1, filesTotal: 10 });
    // Added by its row while its ref was unresolved, then given a commit: its job keeps the first id.
    const resolved = await harness.submit({ owner: "acme", name: "resolved" });
    await attachScanCommit(harness.db, resolved.scanId, { commitSha: "d".repeat(40), isDefaultBranch: true });

    expect(await requeueLostScans(harness.db, harness.queue, { ...options, now: new Date() }, log)).toBe(0);
    expect(await requeueLostScans(harness.db, harness.queue, { ...options, now: inMinutes(2) }, log)).toBe(1);
    expect((await harness.jobsOf(lost.scanId, "waiting")).length).toBe(1);
    expect((await harness.jobsOf(kept.scanId, "waiting")).length).toBe(1);
    expect((await harness.jobsOf(resolved.scanId, "waiting")).length).toBe(1);
    expect(await harness.jobsOf(running.scanId, "waiting")).toEqual([]);

    // A running scan past every time limit has lost its worker too.
    expect(await requeueLostScans(harness.db, harness.queue, { ...options, now: inMinutes(11) }, log)).toBe(1);
    expect((await harness.jobsOf(running.scanId, "waiting")).length).toBe(1);
    expect(await requeueLostScans(harness.db, harness.queue, { ...options, now: inMinutes(11) }, log)).toBe(0);
  });

  it("lets a worker finish a scan whose job was lost", async () => {
    await harness.git.commit("acme/healed", { files: { "index.ts": "export const x = 1;\n" } });
    const scan = await harness.submit({ owner: "acme", name: "healed" });
    await loseJobs(scan.scanId);
    await requeueLostScans(harness.db, harness.queue, { ...options, now: inMinutes(2) }, log);
    const worker = await harness.startWorker();
    try {
      expect(await harness.waitForScan(scan.scanId, (row) => row.status === "done")).toMatchObject({ status: "done" });
    } finally {
      await worker.close();
    }
  });
});
