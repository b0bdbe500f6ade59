import type { CategoryId, Confidence, Finding, Outcome, Report, Severity } from "@lastcall/analyzer";

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

export const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: "Pass",
  fail: "Fail",
  not_applicable: "Not applicable",
  could_not_determine: "Could not determine",
};

/** A finding with its place in the report, which gives it a stable anchor on the page. */
export interface IndexedFinding {
  finding: Finding;
  anchor: string;
}

function indexed(report: Report): IndexedFinding[] {
  return report.findings.map((finding, index) => ({ finding, anchor: `finding-${index + 1}` }));
}

/** The findings to read first: not suppressed, most severe and most certain first, then in report order. */
export function topFindings(report: Report, limit: number): IndexedFinding[] {
  return indexed(report)
    .filter(({ finding }) => finding.suppressed === undefined)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        CONFIDENCE_RANK[a.finding.confidence] - CONFIDENCE_RANK[b.finding.confidence],
    )
    .slice(0, limit);
}

export interface CategoryFindings {
  id: CategoryId;
  name: string;
  findings: IndexedFinding[];
}

/** Findings under their categories in the report's category order (report order within each); empty categories left out. */
export function findingsByCategory(report: Report): CategoryFindings[] {
  const all = indexed(report);
  return report.categories
    .map(({ id, name }) => ({ id, name, findings: all.filter(({ finding }) => finding.category === id) }))
    .filter((category) => category.findings.length > 0);
}
