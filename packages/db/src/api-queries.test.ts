import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getScanWithoutReport } from "./api-queries.js";
import { completeScan } from "./scan-results.js";
import { requestScan } from "./scans.js";
import { createRepository, sampleReport, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("getScanWithoutReport", () => {
  it("reads a scan with its repository and without the report", async () => {
    const repository = await createRepository(testDb.db, "summary");
    const { scan } = await requestScan(testDb.db, scanRequest(repository.id));
    await completeScan(testDb.db, scan.id, await sampleReport(), { fetchMs: 1, analyzeMs: 1 });

    const read = await getScanWithoutReport(testDb.db, scan.id);
    expect(read).toMatchObject({ id: scan.id, status: "done", repository: { name: "summary" } });
    expect(read?.score).toEqual(expect.any(Number));
    expect(read).not.toHaveProperty("report");
    expect(await getScanWithoutReport(testDb.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
