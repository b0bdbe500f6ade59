import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RuleOutcomeKind, ScanStatus, ScanTrigger } from "./generated/prisma/enums.js";
import { commitSha } from "./test-support/scan-fixtures.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

// The migrations are SQL generated apart from the client: every model and enum value is written, read back
// and updated through the generated client, so a column the migration lacks or types differently fails here.
let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb();
});
afterAll(() => testDb.close());

describe("the migrated database", () => {
  it("stores every model the generated client knows", async () => {
    const { db } = testDb;
    const installation = await db.installation.create({
      data: {
        id: 9_007_199_254_740_993n,
        accountLogin: "acme",
        accountType: "Organization",
        suspendedAt: new Date("2025-01-01T00:00:00Z"),
      },
    });
    const repository = await db.repository.create({
      data: {
        host: "github.com",
        owner: "Acme",
        name: "Server",
        ownerKey: "acme",
        nameKey: "server",
        githubId: 123_456_789_012n,
        defaultBranch: "main",
        private: true,
        installationId: installation.id,
      },
    });
    const scan = await db.scan.create({
      data: {
        repositoryId: repository.id,
        commitSha: commitSha(1),
        ref: "main",
        isDefaultBranch: true,
        trigger: "pull_request",
        status: "scoring",
        filesDone: 3,
        filesTotal: 4,
        score: 73,
        grade: "C",
        scored: true,
        categoryScores: [{ id: "A", score: 50 }],
        gates: [],
        coverage: 0.75,
        analyzerVersion: "0.1.0",
        rulesetVersion: "1.0.0",
        report: { schemaVersion: 1, nested: { list: [1, "two", null] } },
        attempt: 2,
        pullRequestNumber: 7,
        startedAt: new Date(),
        fetchMs: 1200,
        analyzeMs: 3400,
        storeMs: 56,
        finishedAt: new Date(),
        errorCode: "E_FETCH",
        errorMessage: "boom",
      },
    });
    await db.finding.create({
      data: {
        scanId: scan.id,
        ruleId: "SD001",
        ruleName: "no-sigterm-handler",
        category: "A",
        severity: "high",
        confidence: "medium",
        message: "m",
        remediation: "r",
        docsUrl: "https://example.test/SD001",
        file: "src/index.ts",
        line: 1,
        column: 2,
        endLine: 3,
        endColumn: 4,
        excerpt: "process.exit()",
        fingerprint: "f",
        suppressed: true,
        suppressionSource: "inline",
        suppressionReason: "tested elsewhere",
      },
    });
    await db.ruleOutcome.create({
      data: { scanId: scan.id, ruleId: "SD001", name: "n", category: "A", severity: "high", outcome: "fail", reason: "why", points: 7.5 },
    });
    const checkRun = await db.checkRun.create({
      data: {
        repositoryId: repository.id,
        scanId: scan.id,
        installationId: installation.id,
        headSha: commitSha(1),
        baseSha: commitSha(2),
        pullRequestNumber: 7,
        githubCheckRunId: 33_000_000_001n,
        status: "in_progress",
      },
    });
    await db.webhookDelivery.create({
      data: { id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", event: "push", action: null, installationId: installation.id },
    });

    const stored = await db.scan.findUniqueOrThrow({
      where: { id: scan.id },
      include: { repository: { include: { installation: true } }, findings: true, ruleOutcomes: true, checkRuns: true },
    });
    expect(stored).toMatchObject({
      ...scan,
      repository: { ...repository, installation },
      checkRuns: [checkRun],
    });
    expect(stored.report).toEqual({ schemaVersion: 1, nested: { list: [1, "two", null] } });
    expect(stored.findings[0]).toMatchObject({ endLine: 3, endColumn: 4, suppressed: true, suppressionReason: "tested elsewhere" });
    expect(stored.ruleOutcomes[0]).toMatchObject({ outcome: "fail", points: 7.5 });

    await db.installation.update({ where: { id: installation.id }, data: { deletedAt: new Date(), suspendedAt: null } });
    await db.repository.update({ where: { id: repository.id }, data: { private: false, defaultBranch: "trunk" } });
    await db.scan.update({ where: { id: scan.id }, data: { status: "done", report: { replaced: true } } });
    await db.finding.updateMany({ where: { scanId: scan.id }, data: { suppressed: false, suppressionSource: null } });
    await db.ruleOutcome.updateMany({ where: { scanId: scan.id }, data: { outcome: "pass", points: 0 } });
    await db.checkRun.update({ where: { id: checkRun.id }, data: { status: "completed", conclusion: "success" } });
    await db.webhookDelivery.update({
      where: { id: "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
      data: { processedAt: new Date(), outcome: "enqueued", error: null },
    });
    const updated = await db.checkRun.findUniqueOrThrow({ where: { githubCheckRunId: 33_000_000_001n }, include: { scan: true } });
    expect(updated).toMatchObject({ conclusion: "success", scan: { status: "done", report: { replaced: true } } });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(checkRun.updatedAt.getTime());

    // Deleting a scan takes its findings and outcomes with it, and leaves its check runs unlinked.
    await db.scan.delete({ where: { id: scan.id } });
    expect(await db.finding.count()).toBe(0);
    expect(await db.ruleOutcome.count()).toBe(0);
    expect(await db.checkRun.findUniqueOrThrow({ where: { id: checkRun.id } })).toMatchObject({ scanId: null });
  });

  it("accepts every enum value", async () => {
    const { db } = testDb;
    const repository = await db.repository.create({
      data: { host: "github.com", owner: "o", name: "enums", ownerKey: "o", nameKey: "enums" },
    });
    const triggers = Object.values(ScanTrigger);
    // Six statuses, five triggers: one scan per status covers both.
    for (const [index, status] of Object.values(ScanStatus).entries()) {
      const trigger = triggers[index % triggers.length] ?? "url";
      const scan = await db.scan.create({
        data: {
          repositoryId: repository.id,
          commitSha: commitSha(100 + index),
          isDefaultBranch: false,
          trigger,
          status,
          analyzerVersion: "0.1.0",
          rulesetVersion: "1.0.0",
        },
      });
      expect(scan).toMatchObject({ trigger, status, attempt: 1, ref: null });
    }
    const scan = await db.scan.findFirstOrThrow({ where: { repositoryId: repository.id } });
    const kinds = Object.values(RuleOutcomeKind);
    await db.ruleOutcome.createMany({
      data: kinds.map((outcome) => ({
        scanId: scan.id,
        ruleId: outcome,
        name: outcome,
        category: "A",
        severity: "low",
        outcome,
        points: 0,
      })),
    });
    const outcomes = await db.ruleOutcome.findMany({ where: { scanId: scan.id }, orderBy: { ruleId: "asc" } });
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual([...kinds].sort());
  });
});
