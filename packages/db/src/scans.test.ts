import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repository } from "./generated/prisma/client.js";
import { completeScan } from "./scan-results.js";
import { failScan, markScanStatus, recordScanTiming, requestScan, requeueScan } from "./scans.js";
import { commitSha, createRepository, sampleReport, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
let repository: Repository;
let nextCommit = 1;
beforeAll(async () => {
  testDb = await openTestDb();
  repository = await createRepository(testDb.db);
});
afterAll(() => testDb.close());

/** Each test works on its own commit, so tests do not see each other's scans. */
const freshRequest = () => scanRequest(repository.id, { commitSha: commitSha(nextCommit++) });

describe("requestScan", () => {
  it("creates a queued scan, then returns the same one", async () => {
    const request = freshRequest();
    const first = await requestScan(testDb.db, request);
    const again = await requestScan(testDb.db, { ...request, trigger: "push" });

    expect(first).toMatchObject({ created: true, requeued: false, scan: { status: "queued", attempt: 1, trigger: "url" } });
    expect(again).toEqual({ scan: first.scan, created: false, requeued: false });
  });

  it("creates one row when 20 identical requests race, and tells exactly one caller it created it", async () => {
    const request = freshRequest();
    const results = await Promise.all(Array.from({ length: 20 }, () => requestScan(testDb.db, request)));

    expect(new Set(results.map((result) => result.scan.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await testDb.db.scan.count({ where: { commitSha: request.commitSha } })).toBe(1);
  });

  it("treats commit SHAs case-insensitively and rejects anything but a full SHA", async () => {
    const request = freshRequest();
    const { scan } = await requestScan(testDb.db, request);
    expect(await requestScan(testDb.db, { ...request, commitSha: request.commitSha.toUpperCase() })).toMatchObject({
      scan: { id: scan.id },
    });
    await expect(requestScan(testDb.db, { ...request, commitSha: "abc123" })).rejects.toThrow(/40 or 64 hex/);
    await expect(requestScan(testDb.db, { ...request, commitSha: "g".repeat(40) })).rejects.toThrow(/40 or 64 hex/);
    expect(await requestScan(testDb.db, { ...request, commitSha: "f".repeat(64) })).toMatchObject({ created: true });
  });

  it("keeps scans of other rule-set versions apart", async () => {
    const request = freshRequest();
    const current = await requestScan(testDb.db, request);
    const next = await requestScan(testDb.db, { ...request, rulesetVersion: "1.1.0" });
    expect(next.created).toBe(true);
    expect(next.scan.id).not.toBe(current.scan.id);
  });

  it("requeues a failed scan with its attempt bumped and the failed run cleared", async () => {
    const request = freshRequest();
    const { scan } = await requestScan(testDb.db, request);
    await markScanStatus(testDb.db, scan.id, "analyzing", { filesDone: 2, filesTotal: 9 });
    await recordScanTiming(testDb.db, scan.id, { fetchMs: 120 });
    await failScan(testDb.db, scan.id, { code: "fetch_failed", message: "remote hung up" });

    const again = await requestScan(testDb.db, { ...request, trigger: "rescan", analyzerVersion: "0.2.0" });

    expect(again).toMatchObject({ created: false, requeued: true });
    expect(again.scan).toMatchObject({
      id: scan.id,
      status: "queued",
      attempt: 2,
      trigger: "rescan",
      analyzerVersion: "0.2.0",
      errorCode: null,
      errorMessage: null,
      filesDone: null,
      filesTotal: null,
      startedAt: null,
      fetchMs: null,
      finishedAt: null,
    });
  });

  it("requeues a failed scan once when requests race", async () => {
    const request = freshRequest();
    const { scan } = await requestScan(testDb.db, request);
    await failScan(testDb.db, scan.id, { code: "timeout", message: "too slow" });

    const results = await Promise.all(Array.from({ length: 10 }, () => requestScan(testDb.db, request)));

    expect(results.filter((result) => result.requeued)).toHaveLength(1);
    expect(await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ status: "queued", attempt: 2 });
  });

  it("moves a commit first seen on a pull request into the default branch's history", async () => {
    const request = { ...freshRequest(), isDefaultBranch: false, ref: "feature", trigger: "pull_request" as const, pullRequestNumber: 4 };
    await requestScan(testDb.db, request);

    const onMain = await requestScan(testDb.db, { ...request, isDefaultBranch: true, ref: "main", trigger: "push" });
    const onBranchAgain = await requestScan(testDb.db, request);

    expect(onMain.scan).toMatchObject({ isDefaultBranch: true, ref: "feature", pullRequestNumber: 4 });
    expect(onBranchAgain.scan.isDefaultBranch).toBe(true);
  });
});

describe("a scan's progress", () => {
  it("records the status, the progress and the first start", async () => {
    const { scan } = await requestScan(testDb.db, freshRequest());

    expect(await markScanStatus(testDb.db, scan.id, "fetching")).toBe(true);
    const fetching = await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
    await markScanStatus(testDb.db, scan.id, "analyzing", { filesDone: 5, filesTotal: 10 });
    await markScanStatus(testDb.db, scan.id, "scoring");

    const scoring = await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
    expect(fetching.startedAt).toBeInstanceOf(Date);
    expect(scoring).toMatchObject({ status: "scoring", filesDone: 5, filesTotal: 10, startedAt: fetching.startedAt });
  });

  it("hands a scan in progress back to the queue, clearing the abandoned run", async () => {
    const { scan } = await requestScan(testDb.db, freshRequest());
    await markScanStatus(testDb.db, scan.id, "analyzing", { filesDone: 1, filesTotal: 3 });
    await recordScanTiming(testDb.db, scan.id, { fetchMs: 10, analyzeMs: 20 });

    expect(await requeueScan(testDb.db, scan.id)).toBe(true);
    expect(await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({
      status: "queued",
      attempt: 1,
      filesDone: null,
      filesTotal: null,
      startedAt: null,
      fetchMs: null,
      analyzeMs: null,
    });
  });

  it("leaves a done scan alone: no status, requeue or failure changes it", async () => {
    const { scan } = await requestScan(testDb.db, freshRequest());
    await completeScan(testDb.db, scan.id, await sampleReport(), { fetchMs: 1, analyzeMs: 2 });

    expect(await markScanStatus(testDb.db, scan.id, "fetching", { filesDone: 0, filesTotal: 1 })).toBe(false);
    expect(await requeueScan(testDb.db, scan.id)).toBe(false);
    expect(await failScan(testDb.db, scan.id, { code: "late", message: "a duplicate worker failed" })).toBe(false);
    expect(await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ status: "done", errorCode: null });
  });

  it("fails a scan with its error code and keeps a failed scan out of the queue until requested again", async () => {
    const { scan } = await requestScan(testDb.db, freshRequest());

    expect(await failScan(testDb.db, scan.id, { code: "clone_failed", message: "repository not found" })).toBe(true);
    expect(await requeueScan(testDb.db, scan.id)).toBe(false);
    const failed = await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
    expect(failed).toMatchObject({ status: "failed", errorCode: "clone_failed", errorMessage: "repository not found" });
    expect(failed.finishedAt).toBeInstanceOf(Date);
  });

  it("stores a reason that quotes a NUL from the repository (a broken .lastcall.json, say)", async () => {
    const { scan } = await requestScan(testDb.db, freshRequest());
    expect(await failScan(testDb.db, scan.id, { code: "analysis_failed", message: 'not valid JSON: "\u0000"' })).toBe(true);
    const failed = await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
    expect(failed.errorMessage).toBe('not valid JSON: "\uFFFD"');
  });
});
