import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repository } from "./generated/prisma/client.js";
import { attachScanCommit, findRefScan, requestRefScan } from "./ref-scans.js";
import { failScan, requestScan } from "./scans.js";
import { commitSha, createRepository, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
let repository: Repository;
beforeAll(async () => {
  testDb = await openTestDb();
  repository = await createRepository(testDb.db);
});
afterAll(() => testDb.close());

const refRequest = (ref: string | null) => ({
  repositoryId: repository.id,
  ref,
  trigger: "url" as const,
  analyzerVersion: "0.1.0",
  rulesetVersion: "1.0.0",
});

describe("requestRefScan", () => {
  it("creates one pending scan without a commit when identical requests race", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => requestRefScan(testDb.db, refRequest("race"))));
    expect(new Set(results.map((result) => result.scan.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results[0]?.scan).toMatchObject({ commitSha: null, ref: "race", status: "queued" });
  });

  it("queues a failed pending scan again with its attempt bumped", async () => {
    const { scan } = await requestRefScan(testDb.db, refRequest("missing"));
    await failScan(testDb.db, scan.id, { code: "ref_not_found", message: "no such ref" });
    const again = await requestRefScan(testDb.db, refRequest("missing"));
    expect(again).toMatchObject({ created: false, requeued: true, scan: { id: scan.id, status: "queued", attempt: 2, errorCode: null } });
  });
});

describe("attachScanCommit", () => {
  it("gives the pending scan its commit and frees the pending key for the next request", async () => {
    const { scan } = await requestRefScan(testDb.db, refRequest("main"));
    expect(await attachScanCommit(testDb.db, scan.id, { commitSha: commitSha(101), isDefaultBranch: true })).toEqual({});
    expect(await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({
      commitSha: commitSha(101),
      isDefaultBranch: true,
      pendingKey: null,
      status: "queued",
    });
    const next = await requestRefScan(testDb.db, refRequest("main"));
    expect(next.created).toBe(true);
  });

  it("closes the pending scan as a pointer when its commit was scanned already", async () => {
    const existing = await requestScan(testDb.db, scanRequest(repository.id, { commitSha: commitSha(102), isDefaultBranch: false }));
    const { scan } = await requestRefScan(testDb.db, refRequest("feature"));
    expect(await attachScanCommit(testDb.db, scan.id, { commitSha: commitSha(102).toUpperCase(), isDefaultBranch: true })).toEqual({
      duplicateOf: existing.scan.id,
    });
    expect(await testDb.db.scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({
      status: "done",
      duplicateOfId: existing.scan.id,
      commitSha: null,
    });
    expect(await testDb.db.scan.findUniqueOrThrow({ where: { id: existing.scan.id } })).toMatchObject({ isDefaultBranch: true });
  });

  it("rejects anything but a full commit sha", async () => {
    const { scan } = await requestRefScan(testDb.db, refRequest("bad"));
    await expect(attachScanCommit(testDb.db, scan.id, { commitSha: "abc", isDefaultBranch: false })).rejects.toThrow(TypeError);
  });
});

describe("findRefScan", () => {
  it("finds the scan an identical request would return, and nothing once its commit is known", async () => {
    expect(await findRefScan(testDb.db, refRequest("find-me"))).toBeNull();
    const { scan } = await requestRefScan(testDb.db, refRequest("find-me"));
    expect((await findRefScan(testDb.db, refRequest("find-me")))?.id).toBe(scan.id);
    expect(await findRefScan(testDb.db, { ...refRequest("find-me"), rulesetVersion: "2.0.0" })).toBeNull();
    await attachScanCommit(testDb.db, scan.id, { commitSha: commitSha(900), isDefaultBranch: false });
    expect(await findRefScan(testDb.db, refRequest("find-me"))).toBeNull();
  });
});
