import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { getScanFindings, getScanRuleOutcomes, listRepositoryHistory } from "@lastcall/db";
import { fixtureRepositoryFiles } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFinished, type PipelineHarness, startPipelineHarness } from "./support/pipeline-harness.js";

let harness: PipelineHarness;
let files: Record<string, string>;

beforeAll(async () => {
  harness = await startPipelineHarness();
  files = await fixtureRepositoryFiles();
  await harness.startWorker();
});

afterAll(async () => {
  await harness?.close();
});

describe("scan pipeline", () => {
  it("enqueue → a stored scan with findings, rule outcomes and timings", async () => {
    const commit = await harness.git.commit("acme/server", { files });
    const submitted = await harness.submit({ owner: "acme", name: "server" });
    expect(submitted.created).toBe(true);

    const scan = await harness.waitForScan(submitted.scanId, isFinished);
    expect(scan).toMatchObject({ status: "done", commitSha: commit, isDefaultBranch: true, errorCode: null });
    expect(scan.score).toEqual(expect.any(Number));
    expect(scan.fetchMs).toEqual(expect.any(Number));
    expect(scan.analyzeMs).toEqual(expect.any(Number));
    expect(scan.filesTotal).toBeGreaterThan(0);
    const findings = await getScanFindings(harness.db, scan.id);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ file: expect.any(String), line: expect.any(Number), ruleId: expect.stringMatching(/^SD\d{3}$/) });
    expect(await getScanRuleOutcomes(harness.db, scan.id)).toHaveLength(20);
    // The checkout is gone once the scan is stored.
    const [own] = await readdir(harness.workDir);
    expect(await readdir(`${harness.workDir}/${own}`)).toEqual([]);
  });

  it("two concurrent submissions of the same commit → one job, one scan", async () => {
    const commit = await harness.git.commit("acme/twins", { files });
    const [first, second] = await Promise.all([
      harness.submit({ owner: "acme", name: "twins", commitSha: commit, isDefaultBranch: true }),
      harness.submit({ owner: "acme", name: "twins", commitSha: commit, isDefaultBranch: true }),
    ]);
    expect(first.scanId).toBe(second.scanId);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    await harness.waitForScan(first.scanId, isFinished);
    const jobs = await harness.jobsOf(first.scanId, "completed", "failed", "active", "waiting", "delayed");
    expect(jobs).toHaveLength(1);
    // Submitting the finished commit again answers from the stored scan.
    expect(await harness.submit({ owner: "acme", name: "twins", commitSha: commit })).toMatchObject({
      scanId: first.scanId,
      created: false,
      status: "done",
    });
  });

  it("a second commit → a second point in the repository's history", async () => {
    await harness.git.commit("acme/history", { files });
    const first = await harness.submit({ owner: "acme", name: "history" });
    await harness.waitForScan(first.scanId, isFinished);
    await harness.git.commit("acme/history", { files: { "NOTES.md": "second commit\n" } });
    const second = await harness.submit({ owner: "acme", name: "history" });
    expect(second.scanId).not.toBe(first.scanId);
    const done = await harness.waitForScan(second.scanId, isFinished);

    const history = await listRepositoryHistory(harness.db, done.repositoryId, { limit: 10 });
    expect(history.map((point) => point.id)).toEqual([first.scanId, second.scanId]);
  });

  it("a ref that resolves to a commit scanned already → the new scan points at that one, nothing is analyzed twice", async () => {
    const commit = await harness.git.commit("acme/twice", { files });
    const byCommit = await harness.submit({ owner: "acme", name: "twice", commitSha: commit, isDefaultBranch: true });
    await harness.waitForScan(byCommit.scanId, isFinished);
    const byRef = await harness.submit({ owner: "acme", name: "twice", ref: "main" });
    expect(byRef.scanId).not.toBe(byCommit.scanId);
    const scan = await harness.waitForScan(byRef.scanId, isFinished);
    expect(scan).toMatchObject({ status: "done", duplicateOfId: byCommit.scanId, commitSha: null, report: null });
  });

  it("a ref that does not exist → failed scan with ref_not_found, tried once", async () => {
    await harness.git.commit("acme/refs", { files });
    const submitted = await harness.submit({ owner: "acme", name: "refs", ref: "no-such-branch" });
    const scan = await harness.waitForScan(submitted.scanId, isFinished);
    expect(scan).toMatchObject({ status: "failed", errorCode: "ref_not_found" });
    expect(scan.errorMessage).toContain("no-such-branch");
    const job = await harness.settledJobOf(scan.id, "failed");
    expect(job.attemptsMade).toBe(1);
  });

  it("a repository that does not exist → failed scan with repo_not_found, tried once", async () => {
    const submitted = await harness.submit({ owner: "acme", name: "ghost" });
    const scan = await harness.waitForScan(submitted.scanId, isFinished);
    expect(scan).toMatchObject({ status: "failed", errorCode: "repo_not_found" });
    const job = await harness.settledJobOf(scan.id, "failed");
    expect(job.attemptsMade).toBe(1);
  });

  it("a host other than the configured one → failed scan with host_not_allowed", async () => {
    const submitted = await harness.submit({ host: "evil.example", owner: "acme", name: "server" });
    const scan = await harness.waitForScan(submitted.scanId, isFinished);
    expect(scan).toMatchObject({ status: "failed", errorCode: "host_not_allowed" });
    expect(harness.git.requests.some((request) => request.includes("evil"))).toBe(false);
  });

  it("a failed scan requested again runs again as a fresh job", async () => {
    const submitted = await harness.submit({ owner: "acme", name: "late" });
    await harness.waitForScan(submitted.scanId, (scan) => scan.errorCode === "repo_not_found");
    const commit = await harness.git.commit("acme/late", { files });
    const again = await harness.submit({ owner: "acme", name: "late", commitSha: commit, isDefaultBranch: true });
    const scan = await harness.waitForScan(again.scanId, isFinished);
    expect(scan).toMatchObject({ status: "done", commitSha: commit });
  });
});

describe("scan pipeline limits", () => {
  let limited: PipelineHarness;

  beforeAll(async () => {
    limited = await startPipelineHarness();
    await limited.startWorker({ LASTCALL_MAX_REPO_BYTES: String(6 * 1024 * 1024), LASTCALL_ANALYSIS_MAX_MEMORY_MB: "48" });
  });

  afterAll(async () => {
    await limited?.close();
  });

  it("a repository over the size limit → failed scan with repo_too_large, tried once", async () => {
    await limited.git.commit("acme/huge", { files: { ...files, "blob.bin": randomBytes(8 * 1024 * 1024).toString("base64") } });
    const submitted = await limited.submit({ owner: "acme", name: "huge" });
    const scan = await limited.waitForScan(submitted.scanId, isFinished);
    expect(scan).toMatchObject({ status: "failed", errorCode: "repo_too_large" });
    const job = await limited.settledJobOf(scan.id, "failed");
    expect(job.attemptsMade).toBe(1);
  });

  it("a repository that exhausts the analyzer → that scan fails, the worker lives and scans the next one", async () => {
    // Many files of dense code: far beyond what the analysis child may hold in 48 MB.
    const heavy: Record<string, string> = {};
    const body = Array.from({ length: 400 }, (_, i) => `export const value${i} = { a: [${i}, "${"x".repeat(40)}"], b: () => ${i} };`).join(
      "\n",
    );
    for (let i = 0; i < 120; i += 1) heavy[`src/module-${i}.ts`] = body;
    await limited.git.commit("acme/heavy", { files: heavy });
    const heavyScan = await limited.submit({ owner: "acme", name: "heavy" });
    expect(await limited.waitForScan(heavyScan.scanId, isFinished, 60_000)).toMatchObject({
      status: "failed",
      errorCode: "analysis_out_of_memory",
    });

    await limited.git.commit("acme/small", { files: { "src/index.ts": "export const ok = 1;\n" } });
    const next = await limited.submit({ owner: "acme", name: "small" });
    expect(await limited.waitForScan(next.scanId, isFinished)).toMatchObject({ status: "done" });
  });
});

describe("scan pipeline time limit", () => {
  let slow: PipelineHarness;

  beforeAll(async () => {
    slow = await startPipelineHarness({ responseDelayMs: 1_500 });
    await slow.startWorker({ LASTCALL_FETCH_TIMEOUT_MS: "1000" });
  });

  afterAll(async () => {
    await slow?.close();
  });

  it("a clone that exceeds the time limit → failed scan with fetch_timeout, tried once", async () => {
    await slow.git.commit("acme/slow", { files });
    const submitted = await slow.submit({ owner: "acme", name: "slow" });
    const scan = await slow.waitForScan(submitted.scanId, isFinished);
    expect(scan).toMatchObject({ status: "failed", errorCode: "fetch_timeout" });
    const job = await slow.settledJobOf(scan.id, "failed");
    expect(job.attemptsMade).toBe(1);
  });
});
