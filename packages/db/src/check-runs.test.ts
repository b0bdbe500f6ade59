import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCheckRun, listScanCheckRuns, updateCheckRun } from "./check-runs.js";
import { requestScan } from "./scans.js";
import { commitSha, createRepository, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("check runs", () => {
  it("creates a check run for a pull request, then records GitHub's id and the conclusion", async () => {
    const repository = await createRepository(testDb.db);
    const { scan } = await requestScan(testDb.db, scanRequest(repository.id, { isDefaultBranch: false, pullRequestNumber: 12 }));

    const created = await createCheckRun(testDb.db, {
      repositoryId: repository.id,
      scanId: scan.id,
      installationId: 3003,
      headSha: commitSha(1).toUpperCase(),
      baseSha: commitSha(2),
      pullRequestNumber: 12,
      status: "queued",
    });
    const started = await updateCheckRun(testDb.db, created.id, { githubCheckRunId: 40_000_000_123, status: "in_progress" });
    const completed = await updateCheckRun(testDb.db, created.id, { status: "completed", conclusion: "failure" });

    expect(created).toMatchObject({ installationId: 3003n, headSha: commitSha(1), githubCheckRunId: null, conclusion: null });
    expect(started).toMatchObject({ githubCheckRunId: 40_000_000_123n, status: "in_progress" });
    expect(completed).toMatchObject({ githubCheckRunId: 40_000_000_123n, status: "completed", conclusion: "failure", scanId: scan.id });
    expect(await listScanCheckRuns(testDb.db, scan.id)).toEqual([completed]);
  });
});
