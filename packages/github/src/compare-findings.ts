import type { Finding } from "@lastcall/analyzer";

export interface FindingComparison {
  /** In the head commit but not in the base; every head finding when there is no base scan. */
  new: Finding[];
  /** In the base commit but no longer in the head. */
  fixed: Finding[];
  /** In both. */
  unchanged: Finding[];
}

/**
 * Matches head and base findings by fingerprint (rule, file and normalised flagged text, so unrelated
 * edits that move a finding do not make it new). Repeated fingerprints pair up in order rather than
 * all matching one: a second copy of a flagged statement is a new finding. Suppressed findings are left out on both sides: a
 * suppression resolves a finding for the check, and removing one brings the finding back as new.
 */
export function compareFindings(head: readonly Finding[], base: readonly Finding[] | undefined): FindingComparison {
  const headActive = head.filter((finding) => !finding.suppressed);
  const baseActive = (base ?? []).filter((finding) => !finding.suppressed);
  // Queues per fingerprint in base order: the n-th head occurrence pairs with the n-th base occurrence.
  const unmatchedBase = new Map<string, Finding[]>();
  for (const finding of baseActive) {
    const queue = unmatchedBase.get(finding.fingerprint);
    if (queue) queue.push(finding);
    else unmatchedBase.set(finding.fingerprint, [finding]);
  }
  const comparison: FindingComparison = { new: [], fixed: [], unchanged: [] };
  for (const finding of headActive) (unmatchedBase.get(finding.fingerprint)?.shift() ? comparison.unchanged : comparison.new).push(finding);
  const stillUnmatched = new Set([...unmatchedBase.values()].flat());
  comparison.fixed = baseActive.filter((finding) => stillUnmatched.has(finding));
  return comparison;
}
