import type { Report } from "@lastcall/analyzer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repository } from "./generated/prisma/client.js";
import { completeScan, getScanFindings, getScanRuleOutcomes } from "./scan-results.js";
import { requestScan } from "./scans.js";
import { commitSha, createRepository, sampleReport, scanRequest } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

let testDb: TestDb;
let repository: Repository;
let report: Report;
let nextCommit = 1;
beforeAll(async () => {
  [testDb, report] = await Promise.all([openTestDb(), sampleReport()]);
  repository = await createRepository(testDb.db);
});
afterAll(() => testDb.close());

async function queuedScanId(): Promise<string> {
  const { scan } = await requestScan(testDb.db, scanRequest(repository.id, { commitSha: commitSha(nextCommit++) }));
  return scan.id;
}

describe("completeScan", () => {
  it("stores the scores, the report, every finding and every rule outcome", async () => {
    const scanId = await queuedScanId();

    expect(await completeScan(testDb.db, scanId, report, { fetchMs: 40, analyzeMs: 300 })).toBe(true);

    const scan = await testDb.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan).toMatchObject({
      status: "done",
      score: report.score,
      grade: report.grade,
      scored: report.scored,
      coverage: report.coverage,
      categoryScores: report.categories,
      gates: report.gates,
      fetchMs: 40,
      analyzeMs: 300,
    });
    expect(scan.report).toEqual(JSON.parse(JSON.stringify(report)));
    expect(scan.finishedAt).toBeInstanceOf(Date);
    expect(scan.storeMs).toBeGreaterThanOrEqual(0);

    const findings = await getScanFindings(testDb.db, scanId);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((finding) => finding.fingerprint).sort()).toEqual(report.findings.map((finding) => finding.fingerprint).sort());
    const first = report.findings[0];
    expect(findings.find((finding) => finding.fingerprint === first?.fingerprint)).toMatchObject({
      ruleId: first?.ruleId,
      file: first?.file,
      line: first?.line,
      column: first?.column,
      message: first?.message,
      suppressed: false,
    });
    const outcomes = await getScanRuleOutcomes(testDb.db, scanId);
    expect(outcomes.map(({ ruleId, outcome, points, reason }) => ({ ruleId, outcome, points, reason: reason ?? undefined }))).toEqual(
      report.rules
        .map(({ id, outcome, points, reason }) => ({ ruleId: id, outcome, points, reason }))
        .sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
    );
    // The sample was chosen for its fractional points: the column must keep them.
    expect(outcomes.some((outcome) => !Number.isInteger(outcome.points))).toBe(true);
  });

  it("stores a report quoting a NUL from the repository, as U+FFFD (PostgreSQL text holds no NUL)", async () => {
    const scanId = await queuedScanId();
    const [finding, ...rest] = report.findings;
    if (finding === undefined) throw new Error("the sample report has no findings");
    const withNul: Report = { ...report, findings: [{ ...finding, excerpt: "process.exit(0); // \u0000" }, ...rest] };

    expect(await completeScan(testDb.db, scanId, withNul, { fetchMs: 1, analyzeMs: 1 })).toBe(true);

    const stored = (await getScanFindings(testDb.db, scanId)).find((row) => row.fingerprint === finding.fingerprint);
    expect(stored?.excerpt).toBe("process.exit(0); // \uFFFD");
    const scan = await testDb.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect((scan.report as unknown as Report).findings[0]?.excerpt).toBe("process.exit(0); // \uFFFD");
  });

  it("keeps a suppressed finding's source and reason", async () => {
    const scanId = await queuedScanId();
    const [finding, ...rest] = report.findings;
    if (!finding) throw new Error("the sample report has findings");
    const suppressed: Report = {
      ...report,
      findings: [{ ...finding, suppressed: { source: "config", reason: "closed by the platform" } }, ...rest],
    };

    await completeScan(testDb.db, scanId, suppressed, { fetchMs: 1, analyzeMs: 1 });

    const stored = await getScanFindings(testDb.db, scanId);
    expect(stored.filter((row) => row.suppressed)).toMatchObject([
      { fingerprint: finding.fingerprint, suppressionSource: "config", suppressionReason: "closed by the platform" },
    ]);
  });

  it("stores the result once when two workers complete the same scan at the same time", async () => {
    const scanId = await queuedScanId();

    const results = await Promise.all([
      completeScan(testDb.db, scanId, report, { fetchMs: 1, analyzeMs: 1 }),
      completeScan(testDb.db, scanId, report, { fetchMs: 2, analyzeMs: 2 }),
    ]);

    expect(results.sort()).toEqual([false, true]);
    expect(await testDb.db.finding.count({ where: { scanId } })).toBe(report.findings.length);
    expect(await testDb.db.ruleOutcome.count({ where: { scanId } })).toBe(report.rules.length);
    expect(await completeScan(testDb.db, scanId, report, { fetchMs: 3, analyzeMs: 3 })).toBe(false);
  });

  it("stores nothing when any part of the store fails", async () => {
    const scanId = await queuedScanId();
    const [rule] = report.rules;
    if (!rule) throw new Error("the sample report has rules");
    // The same rule twice breaks rule_outcomes' unique key after the scan row and the findings were written.
    const broken: Report = { ...report, rules: [...report.rules, rule] };

    await expect(completeScan(testDb.db, scanId, broken, { fetchMs: 1, analyzeMs: 1 })).rejects.toThrow();

    expect(await testDb.db.scan.findUniqueOrThrow({ where: { id: scanId } })).toMatchObject({
      status: "queued",
      score: null,
      report: null,
    });
    expect(await testDb.db.finding.count({ where: { scanId } })).toBe(0);
    expect(await completeScan(testDb.db, scanId, report, { fetchMs: 1, analyzeMs: 1 })).toBe(true);
  });
});
