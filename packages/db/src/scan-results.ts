import type { Report, Finding as ReportFinding, RuleResult } from "@lastcall/analyzer";
import type { Db } from "./create-db.js";
import type { Finding, Prisma, RuleOutcome } from "./generated/prisma/client.js";
import { storableJson } from "./storable-text.js";

export interface ScanRunTimings {
  fetchMs: number;
  analyzeMs: number;
}

/**
 * Stores the analyzer's report: scores on the scan, findings and rule outcomes as rows, all in one
 * transaction. Exactly once: the first call marks the scan done (the row lock makes a concurrent call
 * wait, then see done); any later call changes nothing and returns false.
 */
export async function completeScan(db: Db, scanId: string, analyzed: Report, timings: ScanRunTimings): Promise<boolean> {
  const startedAt = performance.now();
  const report = storableJson(analyzed);
  // Generous limits: a large report is thousands of rows, and a busy pool may keep the transaction waiting to start.
  return db.$transaction(
    async (tx) => {
      const { count } = await tx.scan.updateMany({
        where: { id: scanId, status: { not: "done" } },
        data: {
          status: "done",
          score: report.score,
          grade: report.grade,
          scored: report.scored,
          categoryScores: asJson(report.categories),
          gates: asJson(report.gates),
          coverage: report.coverage,
          report: asJson(report),
          fetchMs: timings.fetchMs,
          analyzeMs: timings.analyzeMs,
          errorCode: null,
          errorMessage: null,
        },
      });
      if (count === 0) return false;
      // No earlier rows to replace: they are only ever written here, together with status done, which is final.
      await tx.finding.createMany({ data: report.findings.map((finding) => findingRow(scanId, finding)) });
      await tx.ruleOutcome.createMany({ data: report.rules.map((rule) => ruleOutcomeRow(scanId, rule)) });
      await tx.scan.update({
        where: { id: scanId },
        data: { finishedAt: new Date(), storeMs: Math.round(performance.now() - startedAt) },
      });
      return true;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** Findings in report order: path, line, column, rule. */
export function getScanFindings(db: Db, scanId: string): Promise<Finding[]> {
  return db.finding.findMany({ where: { scanId }, orderBy: [{ file: "asc" }, { line: "asc" }, { column: "asc" }, { ruleId: "asc" }] });
}

export function getScanRuleOutcomes(db: Db, scanId: string): Promise<RuleOutcome[]> {
  return db.ruleOutcome.findMany({ where: { scanId }, orderBy: { ruleId: "asc" } });
}

// The report is plain JSON data (the analyzer writes it with JSON.stringify); its interfaces just lack an index signature.
function asJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

function findingRow(scanId: string, finding: ReportFinding): Prisma.FindingCreateManyInput {
  return {
    scanId,
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    category: finding.category,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    remediation: finding.remediation,
    docsUrl: finding.docsUrl,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    excerpt: finding.excerpt,
    fingerprint: finding.fingerprint,
    suppressed: finding.suppressed !== undefined,
    suppressionSource: finding.suppressed?.source,
    suppressionReason: finding.suppressed?.reason,
  };
}

function ruleOutcomeRow(scanId: string, rule: RuleResult): Prisma.RuleOutcomeCreateManyInput {
  return {
    scanId,
    ruleId: rule.id,
    name: rule.name,
    category: rule.category,
    severity: rule.severity,
    outcome: rule.outcome,
    reason: rule.reason,
    points: rule.points,
  };
}
