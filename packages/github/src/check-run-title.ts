import type { Grade } from "@lastcall/analyzer";
import { formatScoreDelta } from "./format-score-delta.js";
import { truncateEnd } from "./truncate-text.js";

export interface CheckRunTitleOptions {
  score: number | null;
  grade: Grade | null;
  /** Absent or null when the base commit has no scored scan. */
  baseScore?: number | null;
  /** The pull request's base branch, e.g. `main`. */
  baseRef?: string;
}

// Branch names may be 255 bytes long; the title is one line in GitHub's checks list.
const MAX_REF_LENGTH = 40;

/** "Score 87 (B) · +5 vs main", "Score 87 (B)" without a scored base, "Not scored" for an unscored report. Plain text. */
export function checkRunTitle({ score, grade, baseScore, baseRef }: CheckRunTitleOptions): string {
  if (score === null) return "Not scored";
  const headline = grade === null ? `Score ${score}` : `Score ${score} (${grade})`;
  if (baseScore === null || baseScore === undefined) return headline;
  return `${headline} \u00b7 ${formatScoreDelta(score, baseScore)} vs ${truncateEnd(baseRef ?? "base", MAX_REF_LENGTH)}`;
}
