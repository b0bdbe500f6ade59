import { RULESET_VERSION } from "@lastcall/analyzer";
import { type Db, failScan } from "@lastcall/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanQueue } from "./scan-queue.js";
import { submitScan } from "./submit-scan.js";
import { openScanQueueTestbed, type ScanQueueTestbed } from "./test-support/scan-queue-testbed.js";

let testbed: ScanQueueTestbed;
let db: Db;
let queue: ScanQueue;

beforeAll(async () => {
  testbed = await openScanQueueTestbed();
  ({ db, queue } = testbed);
});

afterAll(async () => {
  await testbed?.close();
});

const repo = { host: "github.com", owner: "Acme", name: "Server", trigger: "url" as const };

describe("submitScan", () => {
  it("100 concurrent identical submissions → one scan, one job", async () => {
    const commitSha = "c".repeat(40);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => submitScan(db, queue, { ...repo, commitSha, isDefaultBranch: true })),
    );
    expect(new Set(results.map((result) => result.scanId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await db.scan.count()).toBe(1);
    const jobs = await queue.getJobs(["waiting"]);
    expect(jobs.map((job) => job.data)).toEqual([{ scanId: results[0]?.scanId }]);
    expect(jobs[0]?.id).toMatch(new RegExp(`-${commitSha}-r${RULESET_VERSION}-a1$`));
  });

  it("keeps BullMQ's keys under the hash-tagged prefix, for Redis Cluster", async () => {
    const { redis, prefix } = testbed;
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${prefix}:scans:`))).toBe(true);
  });

  it("matches repositories case-insensitively", async () => {
    const first = await submitScan(db, queue, { ...repo, commitSha: "c".repeat(40) });
    const again = await submitScan(db, queue, { ...repo, owner: "acme", name: "server", commitSha: "C".repeat(40) });
    expect(again).toMatchObject({ scanId: first.scanId, created: false });
  });

  it("a failed scan submitted again gets a fresh job; a finished one gets none", async () => {
    const commitSha = "d".repeat(40);
    const first = await submitScan(db, queue, { ...repo, commitSha });
    await failScan(db, first.scanId, { code: "fetch_failed", message: "network down" });
    const retried = await submitScan(db, queue, { ...repo, commitSha });
    expect(retried).toMatchObject({ scanId: first.scanId, status: "queued" });
    const ids = (await queue.getJobs(["waiting"]))
      .filter((job) => "scanId" in job.data && job.data.scanId === first.scanId)
      .map((job) => job.id);
    expect(ids.map((id) => id?.slice(-3))).toEqual(expect.arrayContaining(["-a1", "-a2"]));

    await db.scan.update({ where: { id: first.scanId }, data: { status: "done" } });
    const waitingBefore = await queue.getWaitingCount();
    expect(await submitScan(db, queue, { ...repo, commitSha })).toMatchObject({ created: false, status: "done" });
    expect(await queue.getWaitingCount()).toBe(waitingBefore);
  });

  it("a ref without a commit → one pending scan and one job for identical requests", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => submitScan(db, queue, { ...repo, ref: "release" })));
    expect(new Set(results.map((result) => result.scanId)).size).toBe(1);
    const jobs = (await queue.getJobs(["waiting"])).filter((job) => "scanId" in job.data && job.data.scanId === results[0]?.scanId);
    expect(jobs.map((job) => job.id)).toEqual([`scan-pending-${results[0]?.scanId}-a1`]);
  });
});
