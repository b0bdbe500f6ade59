import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countUnfinishedScans } from "./count-unfinished-scans.js";
import { attachScanCommit, requestRefScan } from "./ref-scans.js";
import { completeScan } from "./scan-results.js";
import { failScan, markScanStatus, requestScan } from "./scans.js";
import { commitSha, createRepository, sampleReport, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("countUnfinishedScans", () => {
  it("counts one repository's queued and running scans, by commit or by ref, and nothing finished", async () => {
    const repository = await createRepository(testDb.db, "backlog");
    const other = await createRepository(testDb.db, "other");
    const request = (n: number, repositoryId = repository.id) =>
      requestScan(testDb.db, scanRequest(repositoryId, { commitSha: commitSha(n) }));
    expect(await countUnfinishedScans(testDb.db, repository.id)).toBe(0);

    await request(1);
    const running = (await request(2)).scan;
    await markScanStatus(testDb.db, running.id, "fetching");
    const failed = (await request(3)).scan;
    await failScan(testDb.db, failed.id, { code: "fetch_failed", message: "down" });
    const done = (await request(4)).scan;
    await completeScan(testDb.db, done.id, await sampleReport(), { fetchMs: 1, analyzeMs: 1 });
    const byRef = { repositoryId: repository.id, trigger: "url" as const, analyzerVersion: "0.1.0", rulesetVersion: "1.0.0" };
    await requestRefScan(testDb.db, { ...byRef, ref: "release" });
    // A ref scan whose commit was scanned already is closed as a pointer: done, not waiting.
    const pointer = (await requestRefScan(testDb.db, { ...byRef, ref: "v1" })).scan;
    await attachScanCommit(testDb.db, pointer.id, { commitSha: commitSha(4), isDefaultBranch: false });
    await request(5, other.id);

    expect(await countUnfinishedScans(testDb.db, repository.id)).toBe(3);
    expect(await countUnfinishedScans(testDb.db, other.id)).toBe(1);
  });
});
