import type { Finding, Outcome, Report } from "../report.js";
import { formatDuration, formatLocation, partitionFindings, rankFindings, type SuppressedFinding } from "./findings.js";
import { makeVisible, singleLine } from "./sanitize.js";

export interface MarkdownFormatOptions {
  /** Rows of the findings table; the rest are counted ("…and M more"). Default 10. */
  maxFindings?: number;
  /**
   * Findings shown in full in the collapsed details. Default 50: GitHub rejects comments over
   * 65,536 characters, and a huge report would otherwise lose the comment altogether.
   */
  maxDetails?: number;
}

const outcomeLabels: Record<Outcome, string> = {
  pass: "pass",
  fail: "**fail**",
  not_applicable: "not applicable",
  could_not_determine: "could not determine",
};

/**
 * Text from the audited repository (file names, messages, excerpts, reasons) must render as the
 * text it is: no HTML, no Markdown structure, no table breaks, no math, and no @-mentions that
 * would notify people from a PR comment.
 */
export function escapeMarkdown(text: string): string {
  return singleLine(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\\`*_{}[\]()#+\-.!|~$]/g, "\\$&")
    .replace(/@/g, "@&#8203;");
}

/** Links only to plain https URLs; anything else is shown as escaped text. */
function link(text: string, url: string): string {
  return /^https:\/\/[^\s<>()"'`\\]+$/.test(url) ? `[${text}](${url})` : `${text} (${escapeMarkdown(url)})`;
}

const languages: Array<[RegExp, string]> = [
  [/\.[cm]?tsx?$/, "ts"],
  [/\.[cm]?jsx?$/, "js"],
  [/\.ya?ml$/, "yaml"],
  [/\.json$/, "json"],
  [/(^|\/)Dockerfile[^/]*$|\.dockerfile$/i, "dockerfile"],
  [/\.(service|socket)$/, "ini"],
];

/** A fence longer than any backtick run in the excerpt, so the excerpt cannot close it. */
function codeBlock(code: string, file: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  const language = languages.find(([pattern]) => pattern.test(file))?.[1] ?? "";
  const body = code
    .replace(/\s+$/, "")
    .split(/\r\n|\r|\n/)
    .map(makeVisible)
    .join("\n");
  return `${fence}${language}\n${body}\n${fence}`;
}

function table(header: string[], alignments: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${alignments.join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

function heading(report: Report): string[] {
  const target = `${escapeMarkdown(report.target.path)}${report.target.commit ? ` @ ${escapeMarkdown(report.target.commit.slice(0, 12))}` : ""}`;
  const version = `${escapeMarkdown(report.tool.name)} ${escapeMarkdown(report.tool.version)}, rule set ${escapeMarkdown(report.tool.rulesetVersion)}`;
  if (!report.scored || report.score === null || report.grade === null) {
    return [
      "## Lastcall shutdown score: not scored",
      `${escapeMarkdown(report.notScoredReason ?? "no reason given")}.`,
      `<sub>${target} · ${version}</sub>`,
    ];
  }
  return [
    `## Lastcall shutdown score: ${report.score}/100 (grade ${report.grade})`,
    `<sub>${target} · coverage ${Math.round(report.coverage * 100)}% · ${version}</sub>`,
  ];
}

function gates(report: Report): string[] {
  if (report.gates.length === 0) return [];
  return [
    [
      "**Gates that fired**",
      ...report.gates.map((gate) => `- Capped at ${gate.cap} by **${escapeMarkdown(gate.ruleId)}**: ${escapeMarkdown(gate.message)}`),
    ].join("\n"),
  ];
}

function units(report: Report): string[] {
  if (!report.units) return [];
  const rows = report.units.map((unit) => [
    escapeMarkdown(unit.path),
    String(unit.score),
    unit.grade,
    unit.entryPoints.map((entry) => escapeMarkdown(entry)).join(", "),
  ]);
  return [
    "### Units (the project scores as the weakest)",
    table(["Package", "Score", "Grade", "Entry points"], ["---", "---:", "---", "---"], rows),
  ];
}

function categories(report: Report): string[] {
  if (!report.scored) return [];
  const rows = report.categories.map((category) => [
    `${category.id} · ${escapeMarkdown(category.name)}`,
    String(category.weight),
    category.score === null ? "n/a" : String(category.score),
  ]);
  return ["### Categories", table(["Category", "Weight", "Score"], ["---", "---:", "---:"], rows)];
}

function ruleLink(finding: Finding): string {
  return `${link(escapeMarkdown(finding.ruleId), finding.docsUrl)} ${escapeMarkdown(finding.ruleName)}`;
}

function severityLabel(finding: Finding): string {
  const severity = finding.severity === "critical" || finding.severity === "high" ? `**${finding.severity}**` : finding.severity;
  return `${severity} (${finding.confidence} confidence)`;
}

function findingsTable(active: Finding[], maxFindings: number): string[] {
  if (active.length === 0) return ["### Findings", "No findings."];
  const shown = rankFindings(active).slice(0, maxFindings);
  const rows = shown.map((finding) => [
    severityLabel(finding),
    ruleLink(finding),
    escapeMarkdown(formatLocation(finding)),
    escapeMarkdown(finding.message),
  ]);
  const more = active.length - shown.length;
  return [
    `### Findings (${active.length})`,
    table(["Severity", "Rule", "Location", "Message"], ["---", "---", "---", "---"], rows),
    ...(more > 0 ? [`…and ${more} more.`] : []),
  ];
}

function findingDetails(finding: Finding): string {
  return [
    `#### ${escapeMarkdown(finding.ruleId)} ${escapeMarkdown(finding.ruleName)} at ${escapeMarkdown(formatLocation(finding))}`,
    `${severityLabel(finding)}: ${escapeMarkdown(finding.message)}`,
    ...(finding.excerpt ? [codeBlock(finding.excerpt, finding.file)] : []),
    `**How to fix:** ${escapeMarkdown(finding.remediation)} ${link("Docs", finding.docsUrl)}`,
  ].join("\n\n");
}

function details(summary: string, body: string[]): string {
  // The blank line after <summary> makes GitHub render the body as Markdown.
  return [`<details>\n<summary>${summary}</summary>`, ...body, "</details>"].join("\n\n");
}

function allFindings(active: Finding[], maxDetails: number): string[] {
  if (active.length === 0) return [];
  const shown = active.slice(0, maxDetails);
  const more = active.length - shown.length;
  const body = [...shown.map(findingDetails), ...(more > 0 ? [`…and ${more} more in the full report.`] : [])];
  return [details(`Details of ${active.length === 1 ? "the finding" : `all ${active.length} findings`}`, body)];
}

function suppressedFindings(suppressed: SuppressedFinding[]): string[] {
  if (suppressed.length === 0) return [];
  const rows = suppressed.map((finding) => [
    ruleLink(finding),
    escapeMarkdown(formatLocation(finding)),
    finding.suppressed.source,
    escapeMarkdown(finding.suppressed.reason),
  ]);
  return [
    details(`Suppressed findings (${suppressed.length}, not counted)`, [
      table(["Rule", "Location", "Suppressed by", "Reason"], ["---", "---", "---", "---"], rows),
    ]),
  ];
}

function ruleOutcomes(report: Report): string[] {
  const rows = report.rules.map((rule) => [
    escapeMarkdown(rule.id),
    escapeMarkdown(rule.name),
    rule.category,
    outcomeLabels[rule.outcome],
    String(rule.points),
    rule.reason ? escapeMarkdown(rule.reason) : "",
  ]);
  const failed = report.rules.filter((rule) => rule.outcome === "fail").length;
  return [
    details(`Rule outcomes (${failed} of ${report.rules.length} failed)`, [
      table(["Rule", "Name", "Category", "Outcome", "Points", "Reason"], ["---", "---", "---", "---", "---:", "---"], rows),
    ]),
  ];
}

function footer(report: Report): string[] {
  const { stats } = report;
  return [
    `<sub>Files ${stats.files} · parsed ${stats.parsed} · skipped ${stats.skipped.length} · parse errors ${stats.parseErrors.length} · ${formatDuration(stats.durationMs)}</sub>`,
  ];
}

/** Markdown for pull-request comments and job summaries (GitHub-flavoured). */
export function formatMarkdown(report: Report, options: MarkdownFormatOptions = {}): string {
  const { active, suppressed } = partitionFindings(report);
  const blocks = [
    ...heading(report),
    ...gates(report),
    ...units(report),
    ...categories(report),
    ...findingsTable(active, options.maxFindings ?? 10),
    ...allFindings(active, options.maxDetails ?? 50),
    ...suppressedFindings(suppressed),
    ...ruleOutcomes(report),
    ...footer(report),
  ];
  return `${blocks.join("\n\n")}\n`;
}
