import type { Report } from "@lastcall/analyzer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertRepository } from "./repositories.js";
import { findScan, getScan, listRecentScans, listRepositoryHistory } from "./scan-queries.js";
import { completeScan } from "./scan-results.js";
import { failScan, type RequestScanInput, requestScan } from "./scans.js";
import { commitSha, createRepository, sampleReport, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
let report: Report;
beforeAll(async () => {
  [testDb, report] = await Promise.all([openTestDb(), sampleReport()]);
});
afterAll(() => testDb.close());

/** A done scan with the given score, finished at the given time (so the order does not depend on timing). */
async function doneScan(request: RequestScanInput, score: number, finishedAt: string): Promise<string> {
  const { scan } = await requestScan(testDb.db, request);
  await completeScan(testDb.db, scan.id, { ...report, score }, { fetchMs: 1, analyzeMs: 1 });
  await testDb.db.scan.update({ where: { id: scan.id }, data: { finishedAt: new Date(finishedAt) } });
  return scan.id;
}

describe("listRepositoryHistory", () => {
  it("lists the default branch's done scans oldest to newest, one point per commit, the latest `limit` of them", async () => {
    const repository = await createRepository(testDb.db, "history");
    const other = await createRepository(testDb.db, "elsewhere");
    const on = (n: number, overrides: Partial<RequestScanInput> = {}) =>
      scanRequest(repository.id, { commitSha: commitSha(n), ...overrides });
    // Finished out of commit order, to show the order is by time.
    await doneScan(on(1), 50, "2025-01-01T00:00:00Z");
    await doneScan(on(3), 70, "2025-01-03T00:00:00Z");
    await doneScan(on(2), 60, "2025-01-02T00:00:00Z");
    // The same commit under a newer rule set: one point, the newer result.
    await doneScan(on(3, { rulesetVersion: "1.1.0" }), 75, "2025-01-04T00:00:00Z");
    // Not on the history: a pull request, a failed scan, a queued one, another repository.
    await doneScan(on(4, { isDefaultBranch: false, ref: "feature", trigger: "pull_request" }), 10, "2025-01-05T00:00:00Z");
    const failed = await requestScan(testDb.db, on(5));
    await failScan(testDb.db, failed.scan.id, { code: "timeout", message: "too slow" });
    await requestScan(testDb.db, on(6));
    await doneScan(scanRequest(other.id, { commitSha: commitSha(7) }), 20, "2025-01-06T00:00:00Z");

    const history = await listRepositoryHistory(testDb.db, repository.id, { limit: 10 });
    expect(history.map(({ commitSha, score, rulesetVersion }) => ({ commitSha, score, rulesetVersion }))).toEqual([
      { commitSha: commitSha(1), score: 50, rulesetVersion: "1.0.0" },
      { commitSha: commitSha(2), score: 60, rulesetVersion: "1.0.0" },
      { commitSha: commitSha(3), score: 75, rulesetVersion: "1.1.0" },
    ]);
    expect(history[0]).not.toHaveProperty("report");

    const latestTwo = await listRepositoryHistory(testDb.db, repository.id, { limit: 2 });
    expect(latestTwo.map((point) => point.commitSha)).toEqual([commitSha(2), commitSha(3)]);
  });
});

describe("reading scans", () => {
  it("gets a scan with its repository, and finds one by repository, commit and rule set", async () => {
    const repository = await upsertRepository(testDb.db, { host: "github.com", owner: "Acme", name: "Lookup" });
    const { scan } = await requestScan(testDb.db, scanRequest(repository.id, { commitSha: "A".repeat(40) }));

    expect(await getScan(testDb.db, scan.id)).toMatchObject({ id: scan.id, repository: { owner: "Acme", name: "Lookup" } });
    expect(await getScan(testDb.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await findScan(testDb.db, { repositoryId: repository.id, commitSha: "A".repeat(40), rulesetVersion: "1.0.0" })).toMatchObject({
      id: scan.id,
    });
    expect(await findScan(testDb.db, { repositoryId: repository.id, commitSha: "a".repeat(40), rulesetVersion: "9.9.9" })).toBeNull();
  });

  it("lists the most recent scans first, with their repository and without the report", async () => {
    const repository = await createRepository(testDb.db, "recent");
    const ids: string[] = [];
    for (const n of [101, 102, 103]) {
      const id = await doneScan(scanRequest(repository.id, { commitSha: commitSha(n) }), 90, "2025-02-01T00:00:00Z");
      await testDb.db.scan.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2100, 0, n)) } });
      ids.push(id);
    }

    const recent = await listRecentScans(testDb.db, { limit: 2 });

    expect(recent.map((scan) => scan.id)).toEqual([ids[2], ids[1]]);
    expect(recent[0]).toMatchObject({ repository: { name: "recent" }, status: "done" });
    expect(recent[0]).not.toHaveProperty("report");
  });
});
