import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeScan } from "./scan-results.js";
import { failScan, markScanStatus, requestScan } from "./scans.js";
import { commitSha, createRepository, sampleReport, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";
import { listUnfinishedScans } from "./unfinished-scans.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("listUnfinishedScans", () => {
  it("lists queued and running scans, oldest first, and leaves finished ones out", async () => {
    const repository = await createRepository(testDb.db);
    const request = (n: number) => requestScan(testDb.db, scanRequest(repository.id, { commitSha: commitSha(n) }));
    const queued = (await request(1)).scan;
    const running = (await request(2)).scan;
    await markScanStatus(testDb.db, running.id, "analyzing", { filesDone: 3, filesTotal: 9 });
    const failed = (await request(3)).scan;
    await failScan(testDb.db, failed.id, { code: "repo_not_found", message: "gone" });
    const done = (await request(4)).scan;
    await completeScan(testDb.db, done.id, await sampleReport(), { fetchMs: 1, analyzeMs: 1 });

    expect((await listUnfinishedScans(testDb.db)).map((scan) => [scan.id, scan.status])).toEqual([
      [queued.id, "queued"],
      [running.id, "analyzing"],
    ]);
  });
});
