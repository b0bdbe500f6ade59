import type { CategoryScore, Finding } from "@lastcall/analyzer";
import type { FindingComparison } from "./compare-findings.js";
import { escapeMarkdown } from "./escape-markdown.js";
import { formatScoreDelta } from "./format-score-delta.js";
import { compareBySeverity } from "./severity-order.js";
import { truncateEnd, truncateStart } from "./truncate-text.js";

export interface CheckRunSummaryOptions {
  head: { score: number | null; notScoredReason?: string; categories: readonly CategoryScore[] };
  /** The base commit's scan; absent when it has none. */
  base?: { categories: readonly CategoryScore[] };
  comparison: FindingComparison;
  /** From `decideConclusion`. */
  reasons?: readonly string[];
  /** The pull request's base branch, e.g. `main`. */
  baseRef?: string;
  /** The full report on Lastcall. */
  detailsUrl: string;
  /** Findings listed per section before "and N more"; default 20. */
  maxListed?: number;
}

// GitHub rejects a summary over 65,535 characters. Escaping at most doubles text, so a listed finding
// takes under 2 × (200 + 400) + 200 characters: 40 of them (two sections of 20) stay far below the limit.
const MAX_PATH_LENGTH = 200;
const MAX_MESSAGE_LENGTH = 400;
const MAX_REASON_LENGTH = 500;
const DEFAULT_MAX_LISTED = 20;

function formatFinding(finding: Finding): string {
  const location = `${truncateStart(finding.file, MAX_PATH_LENGTH)}:${finding.line}`;
  const text = [finding.ruleId, finding.ruleName].map(escapeMarkdown).join(" ");
  return `- **${finding.severity}** ${text} \u00b7 ${escapeMarkdown(location)} \u2014 ${escapeMarkdown(truncateEnd(finding.message, MAX_MESSAGE_LENGTH))}`;
}

function findingList(findings: readonly Finding[], max: number): string[] {
  const sorted = [...findings].sort(compareBySeverity);
  const lines = sorted.slice(0, max).map(formatFinding);
  if (sorted.length > max) lines.push(`- \u2026and ${sorted.length - max} more`);
  return lines;
}

function categoryTable(head: readonly CategoryScore[], base: readonly CategoryScore[] | undefined, versus: string): string[] {
  const header = base ? [`| Category | Score | vs ${versus} |`, "| --- | ---: | ---: |"] : ["| Category | Score |", "| --- | ---: |"];
  const rows = head.map((category) => {
    const cells = [escapeMarkdown(category.name), category.score === null ? "n/a" : String(category.score)];
    if (base) {
      const before = base.find((candidate) => candidate.id === category.id)?.score ?? null;
      cells.push(category.score === null || before === null ? "n/a" : formatScoreDelta(category.score, before));
    }
    return `| ${cells.join(" | ")} |`;
  });
  return [...header, ...rows];
}

/** A Markdown link target that cannot end the link early: parentheses and spaces percent-encoded. */
function linkTarget(url: string): string {
  return new URL(url).href.replace(/\(/g, "%28").replace(/\)/g, "%29");
}

/**
 * The check run's Markdown summary: why it passed or failed, category scores with their change against
 * the base commit, the new and fixed findings (most severe first, capped) and a link to the full report.
 * Everything that comes from the repository is escaped: file names and messages are attacker-controlled.
 */
export function checkRunSummary({
  head,
  base,
  comparison,
  reasons = [],
  baseRef = "base",
  detailsUrl,
  maxListed = DEFAULT_MAX_LISTED,
}: CheckRunSummaryOptions): string {
  const versus = escapeMarkdown(truncateEnd(baseRef, 60));
  const sections: string[] = [];
  if (reasons.length > 0) sections.push(reasons.map((reason) => `- ${escapeMarkdown(truncateEnd(reason, MAX_REASON_LENGTH))}`).join("\n"));
  if (head.score === null) {
    const why = head.notScoredReason ? `: ${escapeMarkdown(truncateEnd(head.notScoredReason, MAX_REASON_LENGTH))}` : ".";
    sections.push(`**Not scored**${why}`);
  } else {
    sections.push(categoryTable(head.categories, base?.categories, versus).join("\n"));
  }

  if (base) {
    const fresh = comparison.new;
    const unchanged = comparison.unchanged.length;
    sections.push(
      [
        `### New findings (${fresh.length})`,
        ...(fresh.length > 0 ? findingList(fresh, maxListed) : [`No new findings compared with ${versus}.`]),
        // The check judges the change; say that older findings exist so a pass is not read as a clean bill.
        ...(unchanged > 0
          ? ["", `${unchanged} ${unchanged === 1 ? "finding is" : "findings are"} unchanged from ${versus}; see the full report.`]
          : []),
      ].join("\n"),
    );
    if (comparison.fixed.length > 0) {
      sections.push([`### Fixed findings (${comparison.fixed.length})`, ...findingList(comparison.fixed, maxListed)].join("\n"));
    }
  } else {
    const all = comparison.new;
    const body =
      all.length > 0
        ? [`No scan of ${versus} to compare with, so every finding is listed.`, "", ...findingList(all, maxListed)]
        : ["No findings."];
    sections.push([`### Findings (${all.length})`, ...body].join("\n"));
  }

  sections.push(`[Full report](${linkTarget(detailsUrl)})`);
  return `${sections.join("\n\n")}\n`;
}
