import type { Finding, Severity } from "@lastcall/analyzer";

export interface DecideConclusionOptions {
  headScore: number | null;
  /** The base commit's score; `null` when it was scanned but not scored, absent when it has no scan. */
  baseScore?: number | null;
  /** From `compareFindings`: with no base scan, every unsuppressed head finding. */
  newFindings: readonly Finding[];
  /** `.lastcall.json`'s `minScore` in the audited repository (the analyzer's config schema). */
  minScore?: number;
}

export interface Conclusion {
  conclusion: "success" | "failure";
  /** Why, one sentence each, failures first; shown at the top of the check-run summary. */
  reasons: string[];
}

/** The severities that fail a check when they are new. */
function isBlocking(finding: Finding): boolean {
  return finding.severity === "critical" || finding.severity === "high";
}

function describeBlocking(severity: Severity, findings: readonly Finding[], hasBase: boolean): string {
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))].sort().join(", ");
  const noun = findings.length === 1 ? "finding" : "findings";
  return hasBase
    ? `${findings.length} new ${severity} ${noun} (${ruleIds}) compared with the base commit`
    : `${findings.length} ${severity} ${noun} (${ruleIds}); with no scan of the base commit, every finding counts as new`;
}

/**
 * The default policy: a pull request fails only for what it makes worse — a new critical or high
 * finding compared with its base commit — or when the repository set a `minScore` and the head scores
 * below it. An existing debt never blocks unrelated work; an unscored head is not held to `minScore`.
 */
export function decideConclusion({ headScore, baseScore, newFindings, minScore }: DecideConclusionOptions): Conclusion {
  const hasBase = baseScore !== undefined;
  const failures: string[] = [];
  const passes: string[] = [];

  const blocking = newFindings.filter((finding) => !finding.suppressed && isBlocking(finding));
  for (const severity of ["critical", "high"] as const) {
    const ofSeverity = blocking.filter((finding) => finding.severity === severity);
    if (ofSeverity.length > 0) failures.push(describeBlocking(severity, ofSeverity, hasBase));
  }
  if (blocking.length === 0) {
    passes.push(hasBase ? "No new critical or high findings compared with the base commit" : "No critical or high findings");
  }

  if (minScore !== undefined) {
    if (headScore === null) passes.push(`Not scored, so the minimum score of ${minScore} was not applied`);
    else if (headScore < minScore) failures.push(`Score ${headScore} is below the repository's minimum of ${minScore} (minScore)`);
    else passes.push(`Score ${headScore} meets the repository's minimum of ${minScore}`);
  }

  return { conclusion: failures.length > 0 ? "failure" : "success", reasons: [...failures, ...passes] };
}
