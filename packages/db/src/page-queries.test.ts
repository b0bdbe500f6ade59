import type { Report } from "@lastcall/analyzer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLatestDefaultBranchScan, listRecentPublicScans, listRepositoryScans, listTopRepositories } from "./page-queries.js";
import { attachScanCommit, requestRefScan } from "./ref-scans.js";
import { upsertRepository } from "./repositories.js";
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

/** A done scan with the given score (null: not scored), finished at the given time. */
async function doneScan(request: RequestScanInput, score: number | null, finishedAt: string): Promise<string> {
  const { scan } = await requestScan(testDb.db, request);
  const result: Report = score === null ? { ...report, score: null, grade: null, scored: false } : { ...report, score, grade: "C" };
  await completeScan(testDb.db, scan.id, result, { fetchMs: 1, analyzeMs: 1 });
  await testDb.db.scan.update({ where: { id: scan.id }, data: { finishedAt: new Date(finishedAt) } });
  return scan.id;
}

/** A ref scan that the worker found to be a commit scanned already: a pointer without a report. */
async function duplicateOf(repositoryId: string, sha: string): Promise<string> {
  const { scan } = await requestRefScan(testDb.db, {
    repositoryId,
    ref: null,
    trigger: "url",
    analyzerVersion: "0.1.0",
    rulesetVersion: "1.0.0",
  });
  const { duplicateOf } = await attachScanCommit(testDb.db, scan.id, { commitSha: sha, isDefaultBranch: true });
  expect(duplicateOf).toBeDefined();
  return scan.id;
}

describe("findLatestDefaultBranchScan", () => {
  it("returns the default branch's latest done scan with its report, skipping pull requests, failures and pointers", async () => {
    const repository = await createRepository(testDb.db, "latest");
    const on = (n: number, overrides: Partial<RequestScanInput> = {}) =>
      scanRequest(repository.id, { commitSha: commitSha(n), ...overrides });
    expect(await findLatestDefaultBranchScan(testDb.db, repository.id)).toBeNull();

    await doneScan(on(1), 40, "2025-03-01T00:00:00Z");
    const latest = await doneScan(on(2), 60, "2025-03-02T00:00:00Z");
    await doneScan(on(3, { isDefaultBranch: false, ref: "feature", trigger: "pull_request" }), 90, "2025-03-03T00:00:00Z");
    const failed = await requestScan(testDb.db, on(4));
    await failScan(testDb.db, failed.scan.id, { code: "timeout", message: "too slow" });
    await duplicateOf(repository.id, commitSha(1));

    const found = await findLatestDefaultBranchScan(testDb.db, repository.id);
    expect(found).toMatchObject({ id: latest, score: 60, commitSha: commitSha(2) });
    expect(found?.report).toMatchObject({ schemaVersion: 1, score: 60 });
  });
});

describe("listTopRepositories", () => {
  it("ranks public repositories by their latest default-branch score, leaving out private and unscored ones", async () => {
    const good = await createRepository(testDb.db, "top-good");
    const improved = await createRepository(testDb.db, "top-improved");
    const declined = await createRepository(testDb.db, "top-declined");
    const unscored = await createRepository(testDb.db, "top-unscored");
    const hidden = await upsertRepository(testDb.db, { host: "github.com", owner: "Acme", name: "top-private", private: true });
    await doneScan(scanRequest(good.id, { commitSha: commitSha(201) }), 88, "2025-04-01T00:00:00Z");
    await doneScan(scanRequest(improved.id, { commitSha: commitSha(202) }), 30, "2025-04-01T00:00:00Z");
    const improvedLatest = await doneScan(scanRequest(improved.id, { commitSha: commitSha(203) }), 95, "2025-04-02T00:00:00Z");
    await doneScan(scanRequest(declined.id, { commitSha: commitSha(204) }), 99, "2025-04-01T00:00:00Z");
    await doneScan(scanRequest(declined.id, { commitSha: commitSha(205) }), 20, "2025-04-02T00:00:00Z");
    await doneScan(
      scanRequest(declined.id, { commitSha: commitSha(206), isDefaultBranch: false, trigger: "pull_request" }),
      100,
      "2025-04-03T00:00:00Z",
    );
    await doneScan(scanRequest(unscored.id, { commitSha: commitSha(207) }), 97, "2025-04-01T00:00:00Z");
    await doneScan(scanRequest(unscored.id, { commitSha: commitSha(208) }), null, "2025-04-02T00:00:00Z");
    await doneScan(scanRequest(hidden.id, { commitSha: commitSha(209) }), 100, "2025-04-01T00:00:00Z");

    const top = await listTopRepositories(testDb.db, { limit: 10 });
    const mine = top.filter((entry) => entry.name.startsWith("top-"));
    expect(mine.map(({ name, score }) => ({ name, score }))).toEqual([
      { name: "top-improved", score: 95 },
      { name: "top-good", score: 88 },
      { name: "top-declined", score: 20 },
    ]);
    expect(mine[0]).toEqual({
      owner: "Acme",
      name: "top-improved",
      scanId: improvedLatest,
      commitSha: commitSha(203),
      score: 95,
      grade: "C",
      finishedAt: new Date("2025-04-02T00:00:00Z"),
    });
    expect(await listTopRepositories(testDb.db, { limit: 1 })).toHaveLength(1);
  });
});

describe("listRecentPublicScans", () => {
  it("lists the newest scans of public repositories in any state, without pointers or reports", async () => {
    const open = await createRepository(testDb.db, "recent-open");
    const hidden = await upsertRepository(testDb.db, { host: "github.com", owner: "Acme", name: "recent-private", private: true });
    const done = await doneScan(scanRequest(open.id, { commitSha: commitSha(301) }), 70, "2025-05-01T00:00:00Z");
    const queued = await requestScan(testDb.db, scanRequest(open.id, { commitSha: commitSha(302) }));
    const pointer = await duplicateOf(open.id, commitSha(301));
    await doneScan(scanRequest(hidden.id, { commitSha: commitSha(303) }), 70, "2025-05-01T00:00:00Z");
    // Far in the future, so that scans from other tests in this database come after them.
    for (const [offset, id] of [done, queued.scan.id, pointer].entries()) {
      await testDb.db.scan.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2200, 0, 1 + offset)) } });
    }

    const recent = await listRecentPublicScans(testDb.db, { limit: 2 });
    expect(recent.map((scan) => scan.id)).toEqual([queued.scan.id, done]);
    expect(recent[0]).toMatchObject({ status: "queued", repository: { name: "recent-open" } });
    expect(recent[1]).not.toHaveProperty("report");
  });
});

describe("listRepositoryScans", () => {
  it("lists one repository's scans newest first, in any state and on any branch, without pointers", async () => {
    const repository = await createRepository(testDb.db, "own-list");
    const other = await createRepository(testDb.db, "own-other");
    const first = await doneScan(scanRequest(repository.id, { commitSha: commitSha(401) }), 50, "2025-06-01T00:00:00Z");
    const pr = await doneScan(
      scanRequest(repository.id, { commitSha: commitSha(402), isDefaultBranch: false, trigger: "pull_request" }),
      50,
      "2025-06-02T00:00:00Z",
    );
    const failed = await requestScan(testDb.db, scanRequest(repository.id, { commitSha: commitSha(403) }));
    await failScan(testDb.db, failed.scan.id, { code: "repo_too_large", message: "too large" });
    await duplicateOf(repository.id, commitSha(401));
    await doneScan(scanRequest(other.id, { commitSha: commitSha(404) }), 50, "2025-06-01T00:00:00Z");
    for (const [offset, id] of [first, pr, failed.scan.id].entries()) {
      await testDb.db.scan.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2025, 5, 1 + offset)) } });
    }

    const scans = await listRepositoryScans(testDb.db, repository.id, { limit: 10 });
    expect(scans.map((scan) => [scan.id, scan.status])).toEqual([
      [failed.scan.id, "failed"],
      [pr, "done"],
      [first, "done"],
    ]);
    expect(scans[0]).not.toHaveProperty("report");
    expect(await listRepositoryScans(testDb.db, repository.id, { limit: 1 })).toHaveLength(1);
  });
});
