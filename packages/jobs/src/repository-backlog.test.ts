import { type Db, failScan } from "@lastcall/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TooManyQueuedScansError } from "./repository-backlog.js";
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

const capped = { maxUnfinishedPerRepository: 2 };
const sha = (n: number) => n.toString(16).padStart(40, "0");
const repo = (name: string) => ({ host: "github.com", owner: "acme", name, trigger: "url" as const });

describe("submitScan with maxUnfinishedPerRepository", () => {
  it("refuses a new scan once the repository has that many queued or running, and enqueues nothing for it", async () => {
    const first = await submitScan(db, queue, { ...repo("full"), commitSha: sha(1) }, capped);
    await submitScan(db, queue, { ...repo("full"), ref: "release" }, capped);
    const { repositoryId } = await db.scan.findUniqueOrThrow({ where: { id: first.scanId } });
    const jobsBefore = await queue.getJobCountByTypes("waiting");

    await expect(submitScan(db, queue, { ...repo("full"), commitSha: sha(2) }, capped)).rejects.toThrow(
      new TooManyQueuedScansError("acme/full", 2),
    );
    await expect(submitScan(db, queue, { ...repo("Full"), ref: "main" }, capped)).rejects.toBeInstanceOf(TooManyQueuedScansError);
    expect(await queue.getJobCountByTypes("waiting")).toBe(jobsBefore);
    expect(await db.scan.count({ where: { repositoryId } })).toBe(2);
    // Without the option (webhooks, say) nothing is capped.
    expect((await submitScan(db, queue, { ...repo("full"), commitSha: sha(3) })).created).toBe(true);
  });

  it("answers requests for scans that exist already, whatever the backlog", async () => {
    const first = await submitScan(db, queue, { ...repo("again"), commitSha: sha(1) }, capped);
    const pending = await submitScan(db, queue, { ...repo("again"), ref: "release" }, capped);
    expect(await submitScan(db, queue, { ...repo("again"), commitSha: sha(1).toUpperCase() }, capped)).toMatchObject({
      scanId: first.scanId,
      created: false,
    });
    expect(await submitScan(db, queue, { ...repo("again"), ref: "release" }, capped)).toMatchObject({
      scanId: pending.scanId,
      created: false,
    });
  });

  it("counts a failed scan asked for again as a new one, and makes room as scans finish", async () => {
    const first = await submitScan(db, queue, { ...repo("room"), commitSha: sha(1) }, capped);
    const second = await submitScan(db, queue, { ...repo("room"), commitSha: sha(2) }, capped);
    await failScan(db, second.scanId, { code: "fetch_failed", message: "down" });
    const third = await submitScan(db, queue, { ...repo("room"), commitSha: sha(3) }, capped);
    await expect(submitScan(db, queue, { ...repo("room"), commitSha: sha(2) }, capped)).rejects.toBeInstanceOf(TooManyQueuedScansError);

    await db.scan.update({ where: { id: first.scanId }, data: { status: "done" } });
    expect(await submitScan(db, queue, { ...repo("room"), commitSha: sha(2) }, capped)).toMatchObject({
      scanId: second.scanId,
      status: "queued",
    });
    expect(third.created).toBe(true);
  });

  it("keeps each repository's backlog its own", async () => {
    await submitScan(db, queue, { ...repo("one"), commitSha: sha(1) }, capped);
    await submitScan(db, queue, { ...repo("one"), commitSha: sha(2) }, capped);
    expect((await submitScan(db, queue, { ...repo("two"), commitSha: sha(1) }, capped)).created).toBe(true);
  });
});
