/**
 * Whole-tool tests: `analyze()` over every fixture project under test/fixtures and its
 * expectations (expected.json plus inline `expect:` / `ok:` markers; see test/fixtures/README.md).
 * The fixtures are written by us in the shapes real MCP servers take (ANALYZER.md, "Test like the
 * analyzer will be used"); they are never installed or run.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../src/analyze.js";
import type { Finding, Report } from "../src/report.js";
import { acceptedOutcomes, type Fixture, loadFixtures } from "./support/fixture-expectations.js";

function describeFinding(finding: Finding): string {
  const suppressed = finding.suppressed ? ` (suppressed: ${finding.suppressed.reason})` : "";
  return `${finding.file}:${finding.line}:${finding.column} [${finding.severity}/${finding.confidence}] ${finding.message}${suppressed}`;
}

function findingsOf(report: Report, ruleId: string): string {
  const findings = report.findings.filter((finding) => finding.ruleId === ruleId);
  if (findings.length === 0) return `no ${ruleId} findings`;
  return `${ruleId} findings:\n${findings.map((finding) => `      ${describeFinding(finding)}`).join("\n")}`;
}

function gateSummary(report: Report): string {
  if (report.gates.length === 0) return "no gates fired";
  return `gates: ${report.gates.map((gate) => `${gate.id} (${gate.ruleId}: ${gate.message})`).join("; ")}`;
}

function topFindings(report: Report): string {
  return report.findings
    .filter((finding) => !finding.suppressed)
    .map((finding) => `    ${finding.ruleId} ${describeFinding(finding)}`)
    .join("\n");
}

function defineFixtureTests(fixture: Fixture): void {
  const { name, expected, markers } = fixture;

  describe(`fixture ${name}`, () => {
    let report: Report;

    beforeAll(async () => {
      report = await analyze(fixture.dir);
    });

    it(expected.scored ? "is scored" : "is not scored", () => {
      expect(report.scored, `${name}: scored (${report.notScoredReason ?? "no reason given"})`).toBe(expected.scored);
    });

    const { grade, score, gates } = expected;
    if (grade !== undefined) {
      it(`gets grade ${grade}`, () => {
        expect(report.grade, `${name}: grade with score ${report.score}; ${gateSummary(report)}\n  findings:\n${topFindings(report)}`).toBe(
          grade,
        );
      });
    }

    if (score !== undefined) {
      it(`scores within ${score.min ?? 0}–${score.max ?? 100}`, () => {
        const actual = report.score;
        const message = `${name}: score ${actual}; ${gateSummary(report)}\n  findings:\n${topFindings(report)}`;
        expect(actual, message).not.toBeNull();
        if (score.min !== undefined) expect(actual, message).toBeGreaterThanOrEqual(score.min);
        if (score.max !== undefined) expect(actual, message).toBeLessThanOrEqual(score.max);
      });
    }

    if (gates !== undefined && gates.length > 0) {
      it(`fires gates ${gates.join(", ")}`, () => {
        const fired = new Set(report.gates.map((gate) => gate.id));
        const missing = gates.filter((gate) => !fired.has(gate));
        expect(missing, `${name}: gates that did not fire; ${gateSummary(report)}`).toEqual([]);
      });
    }

    it("gives each listed rule its expected outcome", () => {
      const problems: string[] = [];
      for (const [ruleId, value] of Object.entries(expected.outcomes)) {
        const accepted = acceptedOutcomes(value);
        const result = report.rules.find((rule) => rule.id === ruleId);
        if (!result) {
          problems.push(`${name}: ${ruleId} is missing from report.rules`);
        } else if (!accepted.includes(result.outcome)) {
          problems.push(
            `${name}: ${ruleId} expected ${accepted.join(" or ")}, got ${result.outcome}` +
              `${result.reason ? ` (${result.reason})` : ""}\n    ${findingsOf(report, ruleId)}`,
          );
        }
      }
      expect(problems).toEqual([]);
    });

    const expectMarkers = markers.filter((marker) => marker.kind === "expect");
    if (expectMarkers.length > 0) {
      it("flags every line marked expect", () => {
        const problems = expectMarkers
          .filter(
            (marker) =>
              !report.findings.some(
                (finding) =>
                  finding.ruleId === marker.ruleId && finding.file === marker.file && finding.line === marker.line && !finding.suppressed,
              ),
          )
          .map(
            (marker) =>
              `${name}: ${marker.ruleId} expected at ${marker.file}:${marker.line} (marker on line ${marker.markerLine})` +
              `\n    ${findingsOf(report, marker.ruleId)}`,
          );
        expect(problems).toEqual([]);
      });
    }

    const okMarkers = markers.filter((marker) => marker.kind === "ok");
    if (okMarkers.length > 0) {
      it("flags no line marked ok", () => {
        const problems = okMarkers.flatMap((marker) =>
          report.findings
            .filter((finding) => finding.ruleId === marker.ruleId && finding.file === marker.file && finding.line === marker.line)
            .map(
              (finding) =>
                `${name}: ${marker.ruleId} must not flag ${marker.file}:${marker.line} (marker on line ${marker.markerLine})` +
                `\n    got ${describeFinding(finding)}`,
            ),
        );
        expect(problems).toEqual([]);
      });
    }
  });
}

for (const fixture of loadFixtures()) {
  defineFixtureTests(fixture);
}
