import type { Confidence, Finding, Report, Severity, Suppression } from "../report.js";

export type SuppressedFinding = Finding & { suppressed: Suppression };

const severityRank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const confidenceRank: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

/**
 * Code-point order, not `localeCompare`: output must not depend on the machine's locale
 * (STYLE.md: sort findings by path, line, column, rule).
 */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Findings that count, and suppressed ones (listed apart with their reason), each sorted. */
export function partitionFindings(report: Report): { active: Finding[]; suppressed: SuppressedFinding[] } {
  const sorted = sortFindings(report.findings);
  return {
    active: sorted.filter((finding) => !finding.suppressed),
    suppressed: sorted.filter((finding): finding is SuppressedFinding => finding.suppressed !== undefined),
  };
}

/** The findings a reader should see first: most severe, then most certain, then by location. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      confidenceRank[a.confidence] - confidenceRank[b.confidence] ||
      compareFindings(a, b),
  );
}

export function formatLocation(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}`;
}

export function formatDuration(durationMs: number): string {
  return durationMs < 1000 ? `${Math.round(durationMs)} ms` : `${(durationMs / 1000).toFixed(2)} s`;
}
