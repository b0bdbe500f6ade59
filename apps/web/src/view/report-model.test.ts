import type { Finding, Report } from "@lastcall/analyzer";
import { describe, expect, it } from "vitest";
import { findingsByCategory, topFindings } from "./report-model.js";

function finding(ruleId: string, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    ruleName: ruleId.toLowerCase(),
    category: "A",
    severity: "medium",
    confidence: "high",
    message: `${ruleId} message`,
    remediation: "fix it",
    docsUrl: "https://example.invalid",
    file: "src/index.ts",
    line: 1,
    column: 1,
    fingerprint: ruleId,
    ...overrides,
  };
}

function report(findings: Finding[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: "lastcall", version: "0.1.0", rulesetVersion: "1.0.0" },
    target: { path: "." },
    scored: true,
    score: 50,
    grade: "D",
    coverage: 1,
    gates: [],
    categories: [
      { id: "A", name: "Lifecycle and signals", weight: 25, score: 50 },
      { id: "B", name: "Intake and drain", weight: 20, score: 100 },
      { id: "D", name: "Resource release", weight: 15, score: 40 },
    ],
    rules: [],
    findings,
    entryPoints: [],
    stats: { files: 1, parsed: 1, skipped: [], parseErrors: [], notes: [], durationMs: 1 },
  };
}

describe("topFindings", () => {
  it("puts the most severe, then the most certain first, leaves suppressed findings out and keeps report anchors", () => {
    const sample = report([
      finding("SD005", { severity: "medium" }),
      finding("SD012", { severity: "low" }),
      finding("SD009", { severity: "high", confidence: "low" }),
      finding("SD003", { severity: "critical", suppressed: { source: "inline", reason: "tested elsewhere" } }),
      finding("SD013", { severity: "high", confidence: "high" }),
    ]);
    expect(topFindings(sample, 3).map(({ finding, anchor }) => [finding.ruleId, anchor])).toEqual([
      ["SD013", "finding-5"],
      ["SD009", "finding-3"],
      ["SD005", "finding-1"],
    ]);
  });
});

describe("findingsByCategory", () => {
  it("groups findings under the report's categories in order, skipping empty ones and keeping suppressed findings", () => {
    const sample = report([
      finding("SD009", { category: "D" }),
      finding("SD001", { category: "A" }),
      finding("SD002", { category: "A", suppressed: { source: "config", reason: "accepted" } }),
    ]);
    expect(findingsByCategory(sample).map(({ id, findings }) => [id, findings.map(({ anchor }) => anchor)])).toEqual([
      ["A", ["finding-2", "finding-3"]],
      ["D", ["finding-1"]],
    ]);
  });
});
