import type { Finding, Severity } from "@lastcall/analyzer";
import type { ChangedLines } from "./changed-lines.js";
import { compareBySeverity } from "./severity-order.js";
import { truncateEnd } from "./truncate-text.js";

export type AnnotationLevel = "failure" | "warning" | "notice";

/** A check-run annotation as GitHub's checks API takes it. Its text is plain, not Markdown. */
export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
  raw_details?: string;
}

const LEVEL: Record<Severity, AnnotationLevel> = { critical: "failure", high: "failure", medium: "warning", low: "notice", info: "notice" };

// GitHub caps message and raw_details at 64 KB; messages can quote identifiers and code from the repository.
const MAX_TEXT_LENGTH = 4_000;
// Each request carries 50 annotations: 500 is ten requests against the installation's rate limit, and far
// more than a reviewer reads. The summary links to the full report for the rest.
export const DEFAULT_MAX_ANNOTATIONS = 500;

function touchesChangedLines(finding: Finding, changedLines: ChangedLines): boolean {
  const lines = changedLines.get(finding.file);
  if (lines === undefined) return false;
  if (lines === "all") return true;
  const end = Math.max(finding.line, finding.endLine ?? finding.line);
  for (let line = finding.line; line <= end; line++) if (lines.has(line)) return true;
  return false;
}

function toAnnotation(finding: Finding): CheckRunAnnotation {
  const message = [finding.message, finding.remediation && `How to fix: ${finding.remediation}`, finding.docsUrl]
    .filter(Boolean)
    .join("\n\n");
  const line = Math.max(1, finding.line);
  return {
    path: finding.file,
    start_line: line,
    end_line: Math.max(line, finding.endLine ?? line),
    annotation_level: LEVEL[finding.severity],
    title: `${finding.ruleId} ${finding.ruleName}`,
    message: truncateEnd(message, MAX_TEXT_LENGTH),
    ...(finding.excerpt ? { raw_details: truncateEnd(finding.excerpt, MAX_TEXT_LENGTH) } : {}),
  };
}

/**
 * Line annotations for the unsuppressed findings whose lines (line to endLine) the pull request
 * changed, most severe first, at most `max`: a reviewer sees what this change brought in, not the
 * repository's old debt, which the summary and the report cover.
 */
export function checkRunAnnotations(
  findings: readonly Finding[],
  changedLines: ChangedLines,
  max: number = DEFAULT_MAX_ANNOTATIONS,
): CheckRunAnnotation[] {
  return findings
    .filter((finding) => !finding.suppressed && touchesChangedLines(finding, changedLines))
    .sort(compareBySeverity)
    .slice(0, max)
    .map(toAnnotation);
}
