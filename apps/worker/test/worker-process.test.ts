import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fixtureRepositoryFiles } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFinished, type PipelineHarness, startPipelineHarness } from "./support/pipeline-harness.js";
import { spawnWorker } from "./support/worker-process.js";

// Short locks so that a dead worker's job is taken over in seconds, not a minute.
const FAST_TAKEOVER = { LASTCALL_LOCK_DURATION_MS: "2000", LASTCALL_STALLED_INTERVAL_MS: "1000" };

let harness: PipelineHarness;
let files: Record<string, string>;

beforeAll(async () => {
  // Every git response is slowed down so that a scan is reliably caught mid-fetch.
  harness = await startPipelineHarness({ responseDelayMs: 600 });
  files = await fixtureRepositoryFiles();
});

afterAll(async () => {
  await harness?.close();
});

describe("worker process", () => {
  it("exits 2 naming the variable when its configuration is missing or bad", async () => {
    const { DATABASE_URL: _, ...withoutDatabase } = harness.env;
    const missing = spawnWorker(withoutDatabase);
    expect(await missing.exited()).toBe(2);
    expect(missing.output()).toContain("DATABASE_URL is required");

    const bad = spawnWorker({ ...harness.env, LASTCALL_WORKER_CONCURRENCY: "lots" });
    expect(await bad.exited()).toBe(2);
    expect(bad.output()).toContain("LASTCALL_WORKER_CONCURRENCY");
  });

  it("SIGKILL mid-scan → a second worker completes the scan exactly once and clears the dead worker's checkout", async () => {
    await harness.git.commit("acme/killed", { files });
    const first = spawnWorker({ ...harness.env, ...FAST_TAKEOVER });
    const submitted = await harness.submit({ owner: "acme", name: "killed" });
    await harness.waitForScan(submitted.scanId, (scan) => scan.status === "fetching");
    first.child.kill("SIGKILL");
    expect(await first.exited()).toBe("SIGKILL");
    const orphan = join(harness.workDir, `lastcall-worker-${first.child.pid}`);
    expect(existsSync(orphan)).toBe(true);

    const survivor = await harness.startWorker(FAST_TAKEOVER);
    const scan = await harness.waitForScan(submitted.scanId, isFinished, 45_000);
    expect(scan.status).toBe("done");
    expect(existsSync(orphan)).toBe(false);
    const scans = await harness.db.scan.findMany({ where: { repositoryId: scan.repositoryId } });
    expect(scans.map((row) => row.status)).toEqual(["done"]);
    const completed = await harness.jobsOf(scan.id, "completed");
    expect(completed).toHaveLength(1);
    await survivor.close();
    expect(await readdir(harness.workDir)).toEqual([]);
  });

  it("SIGTERM mid-scan → the scan finishes within the drain bound and the worker exits 0", async () => {
    await harness.git.commit("acme/drained", { files });
    const worker = spawnWorker(harness.env);
    const submitted = await harness.submit({ owner: "acme", name: "drained" });
    await harness.waitForScan(submitted.scanId, (scan) => scan.status === "fetching");
    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited()).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(await harness.waitForScan(submitted.scanId, () => true)).toMatchObject({ status: "done" });
    expect(worker.output()).toContain('"msg":"worker stopped"');
  });

  it("SIGTERM with a scan that cannot finish in time → it is handed back, the worker exits 0, another worker completes it", async () => {
    await harness.git.commit("acme/handed-back", { files });
    const worker = spawnWorker({ ...harness.env, LASTCALL_SHUTDOWN_DRAIN_MS: "100" });
    const submitted = await harness.submit({ owner: "acme", name: "handed-back" });
    await harness.waitForScan(submitted.scanId, (scan) => scan.status === "fetching");
    worker.child.kill("SIGTERM");
    expect(await worker.exited()).toBe(0);
    expect(worker.output()).toContain("scan handed back to the queue");
    expect(await harness.waitForScan(submitted.scanId, () => true)).toMatchObject({ status: "queued" });
    expect(await readdir(harness.workDir)).toEqual([]);

    const next = await harness.startWorker();
    expect(await harness.waitForScan(submitted.scanId, isFinished)).toMatchObject({ status: "done" });
    await next.close();
  });

  it("a second signal exits at once", async () => {
    await harness.git.commit("acme/impatient", { files });
    const worker = spawnWorker(harness.env);
    const submitted = await harness.submit({ owner: "acme", name: "impatient" });
    await harness.waitForScan(submitted.scanId, (scan) => scan.status === "fetching");
    worker.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 100));
    worker.child.kill("SIGINT");
    expect(await worker.exited()).toBe(130);
  });
});
