import type { Report } from "@lastcall/analyzer";
import {
  type ChangedLines,
  type CheckRunOutput,
  checkRunAnnotations,
  checkRunSummary,
  checkRunTitle,
  compareFindings,
  decideConclusion,
  neutralOutput,
} from "@lastcall/github";

export interface ScanOutcome {
  status: string;
  report: Report | null;
  errorMessage: string | null;
}

/**
 * What the check run says about the head scan, compared with the base scan: a failed head scan is
 * `neutral` with the reason (never left in progress); otherwise the repository's policy decides.
 */
export function checkRunOutput(options: {
  head: ScanOutcome;
  /** The base commit's scan, when it has one that finished; a failed one compares as absent. */
  base: ScanOutcome | undefined;
  baseRef: string | undefined;
  changedLines: ChangedLines;
  detailsUrl: string;
}): CheckRunOutput {
  const { head, detailsUrl, baseRef } = options;
  if (head.status !== "done" || head.report === null) return neutralOutput(head.errorMessage ?? "the scan did not finish");
  const report = head.report;
  const base = options.base?.status === "done" && options.base.report !== null ? options.base.report : undefined;
  const comparison = compareFindings(report.findings, base?.findings);
  const { conclusion, reasons } = decideConclusion({
    headScore: report.score,
    ...(base === undefined ? {} : { baseScore: base.score }),
    newFindings: comparison.new,
    minScore: report.policy?.minScore,
  });
  return {
    conclusion,
    title: checkRunTitle({ score: report.score, grade: report.grade, ...(base === undefined ? {} : { baseScore: base.score, baseRef }) }),
    summary: checkRunSummary({
      head: { score: report.score, notScoredReason: report.notScoredReason, categories: report.categories },
      ...(base === undefined ? {} : { base: { categories: base.categories } }),
      comparison,
      reasons,
      baseRef,
      detailsUrl,
    }),
    annotations: checkRunAnnotations(report.findings, options.changedLines),
  };
}
