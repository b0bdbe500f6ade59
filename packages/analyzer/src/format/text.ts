import pc from "picocolors";
import type { CategoryScore, Finding, Grade, Outcome, Report, Severity } from "../report.js";
import { formatDuration, formatLocation, partitionFindings, rankFindings, type SuppressedFinding } from "./findings.js";
import { makeVisible, singleLine } from "./sanitize.js";

export interface TextFormatOptions {
  /** ANSI colours; the CLI passes whether stdout is a terminal. */
  color: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

const TOP_FINDINGS = 5;
const INDENT = "  ";

const outcomeLabels: Record<Outcome, string> = {
  pass: "pass",
  fail: "fail",
  not_applicable: "not applicable",
  could_not_determine: "could not determine",
};

function severityColor(c: Colors, severity: Severity): (text: string) => string {
  switch (severity) {
    case "critical":
      return (text) => c.bold(c.red(text));
    case "high":
      return c.red;
    case "medium":
      return c.yellow;
    case "low":
      return c.cyan;
    case "info":
      return c.dim;
  }
}

function gradeColor(c: Colors, grade: Grade): (text: string) => string {
  if (grade === "A" || grade === "B") return c.green;
  if (grade === "C") return c.yellow;
  return c.red;
}

function headline(report: Report, c: Colors): string[] {
  const target = singleLine(report.target.path) + (report.target.commit ? ` @ ${report.target.commit.slice(0, 12)}` : "");
  if (!report.scored || report.score === null || report.grade === null) {
    const reason = singleLine(report.notScoredReason ?? "no reason given");
    return [`${c.bold("Shutdown score: not scored")} (${reason})`, `Target: ${target}`];
  }
  const grade = gradeColor(c, report.grade);
  const capped = report.gates.length > 0 ? `, capped by ${report.gates.length === 1 ? "a gate" : `${report.gates.length} gates`}` : "";
  return [
    `${c.bold(`Shutdown score: ${grade(`${report.score}/100`)}`)}  grade ${c.bold(grade(report.grade))}${capped}`,
    `Coverage: ${Math.round(report.coverage * 100)}% of the category weight applies to this project`,
    `Target: ${target}`,
  ];
}

/** Monorepos: each server package's own score; the project scores as the weakest. */
function unitsSection(report: Report, c: Colors): string[] {
  if (!report.units) return [];
  return [
    c.bold(`Units (${report.units.length}; the project scores as the weakest)`),
    ...report.units.map((unit) => {
      const grade = gradeColor(c, unit.grade);
      return `${INDENT}${singleLine(unit.path).padEnd(28)} ${grade(`${unit.score}/100`.padStart(7))}  grade ${grade(unit.grade)}  ${c.dim(unit.entryPoints.map(singleLine).join(", "))}`;
    }),
  ];
}

function gatesSection(report: Report, c: Colors): string[] {
  if (report.gates.length === 0) return [];
  return [
    c.bold("Gates"),
    ...report.gates.map((gate) => `${INDENT}${c.red("✖")} capped at ${gate.cap} by ${gate.ruleId}: ${singleLine(gate.message)}`),
  ];
}

function findingTitle(finding: Finding, c: Colors): string {
  const severity = severityColor(c, finding.severity)(finding.severity);
  return `${c.bold(singleLine(formatLocation(finding)))}  ${finding.ruleId} ${finding.ruleName}  ${severity}, ${finding.confidence} confidence`;
}

function topFindingsSection(active: Finding[], c: Colors): string[] {
  if (active.length === 0) return [c.bold("Findings: none")];
  const top = rankFindings(active).slice(0, TOP_FINDINGS);
  const more = active.length - top.length;
  return [
    c.bold(`Top findings (${top.length} of ${active.length})`),
    ...top.flatMap((finding) => [`${INDENT}${findingTitle(finding, c)}`, `${INDENT}${INDENT}${singleLine(finding.message)}`]),
    ...(more > 0 ? [`${INDENT}${c.dim(`…and ${more} more below`)}`] : []),
  ];
}

function categoryScoreLabel(category: CategoryScore): string {
  return category.score === null ? "not applicable" : `${category.score}/100`;
}

function categoriesSection(report: Report, c: Colors): string[] {
  const nameWidth = Math.max(...report.categories.map((category) => category.name.length));
  return [
    c.bold("Categories"),
    ...report.categories.map((category) => {
      const score = categoryScoreLabel(category);
      return `${INDENT}${category.id}  ${category.name.padEnd(nameWidth)}  ${score.padStart(14)}  ${c.dim(`weight ${category.weight}`)}`;
    }),
  ];
}

function excerptLines(finding: Finding, c: Colors): string[] {
  if (!finding.excerpt) return [];
  const lines = finding.excerpt.replace(/\s+$/, "").split(/\r\n|\r|\n/);
  const width = String(finding.line + lines.length - 1).length;
  return lines.map(
    (line, index) =>
      `${INDENT.repeat(3)}${c.dim(`${String(finding.line + index).padStart(width)} │`)} ${makeVisible(line.replace(/\t/g, "  "))}`,
  );
}

function findingDetails(finding: Finding, c: Colors): string[] {
  return [
    `${INDENT}${findingTitle(finding, c)}`,
    `${INDENT}${INDENT}${singleLine(finding.message)}`,
    ...excerptLines(finding, c),
    `${INDENT}${INDENT}Fix: ${singleLine(finding.remediation)}`,
    `${INDENT}${INDENT}${c.dim(`Docs: ${singleLine(finding.docsUrl)}`)}`,
  ];
}

function findingsByCategory(report: Report, active: Finding[], c: Colors): string[] {
  if (active.length === 0) return [];
  const sections = report.categories.flatMap((category) => {
    const findings = active.filter((finding) => finding.category === category.id);
    if (findings.length === 0) return [];
    const heading = c.bold(`${category.id} · ${category.name} · ${categoryScoreLabel(category)}`);
    return [[heading, ...findings.flatMap((finding, index) => [...(index > 0 ? [""] : []), ...findingDetails(finding, c)])]];
  });
  return [c.bold(`Findings (${active.length})`), ...sections.flatMap((lines) => ["", ...lines])];
}

function suppressedSection(suppressed: SuppressedFinding[], c: Colors): string[] {
  if (suppressed.length === 0) return [];
  return [
    c.bold(`Suppressed findings (${suppressed.length}, not counted)`),
    ...suppressed.map((finding) => {
      const why = `${finding.suppressed.source}: ${singleLine(finding.suppressed.reason)}`;
      return `${INDENT}${singleLine(formatLocation(finding))}  ${finding.ruleId} ${finding.ruleName}  ${c.dim(`— ${why}`)}`;
    }),
  ];
}

function rulesSection(report: Report, c: Colors): string[] {
  const counts = (Object.keys(outcomeLabels) as Outcome[])
    .map((outcome) => ({ outcome, count: report.rules.filter((rule) => rule.outcome === outcome).length }))
    .filter(({ count }) => count > 0)
    .map(({ outcome, count }) => `${count} ${outcomeLabels[outcome]}`);
  // Unscored projects give every rule the headline's reason; repeating it twenty times adds nothing.
  const uncounted = report.scored
    ? report.rules.filter((rule) => rule.outcome === "not_applicable" || rule.outcome === "could_not_determine")
    : [];
  return [
    `${c.bold("Rules")}: ${counts.join(" · ")}`,
    ...uncounted.map(
      (rule) => `${INDENT}${rule.id} ${rule.name}: ${outcomeLabels[rule.outcome]}${rule.reason ? ` — ${singleLine(rule.reason)}` : ""}`,
    ),
  ];
}

function projectSection(report: Report, c: Colors): string[] {
  const lines: string[] = [];
  if (report.entryPoints.length > 0) {
    lines.push(c.bold("Entry points"));
    for (const entry of report.entryPoints) {
      const profiles = entry.profiles.length > 0 ? entry.profiles.join(" + ") : "no transport";
      lines.push(`${INDENT}${singleLine(entry.file)} (${profiles}): ${singleLine(entry.reason)}`);
    }
  }
  if (report.stats.parseErrors.length > 0) {
    lines.push(c.bold("Parse errors"));
    for (const error of report.stats.parseErrors) {
      const at = error.line === undefined ? error.file : `${error.file}:${error.line}`;
      lines.push(`${INDENT}${singleLine(at)}  ${singleLine(error.message)}`);
    }
  }
  if (report.stats.skipped.length > 0) {
    lines.push(c.bold("Skipped files"));
    for (const skipped of report.stats.skipped) lines.push(`${INDENT}${singleLine(skipped.file)}  ${c.dim(singleLine(skipped.reason))}`);
  }
  if (report.stats.notes.length > 0) {
    lines.push(c.bold("Notes"));
    for (const note of report.stats.notes) lines.push(`${INDENT}${singleLine(note)}`);
  }
  return lines;
}

function footer(report: Report, c: Colors): string[] {
  const { stats, tool } = report;
  return [
    c.dim(
      `Files ${stats.files} · parsed ${stats.parsed} · skipped ${stats.skipped.length} · parse errors ${stats.parseErrors.length} · ${formatDuration(stats.durationMs)}`,
    ),
    c.dim(`${tool.name} ${tool.version} · rule set ${tool.rulesetVersion}`),
  ];
}

/**
 * The terminal report. RULES.md (Scoring): it leads with the score (or why there is none), the
 * gates that fired and the top findings, then category scores, then every finding by category.
 */
export function formatText(report: Report, options: TextFormatOptions): string {
  const c = pc.createColors(options.color);
  const { active, suppressed } = partitionFindings(report);
  const sections = [
    headline(report, c),
    unitsSection(report, c),
    gatesSection(report, c),
    topFindingsSection(active, c),
    categoriesSection(report, c),
    findingsByCategory(report, active, c),
    suppressedSection(suppressed, c),
    rulesSection(report, c),
    projectSection(report, c),
    footer(report, c),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}
