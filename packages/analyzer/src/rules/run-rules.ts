import { createHash } from "node:crypto";
import type { LastcallConfig } from "../config/config-schema.js";
import type { ProjectModel } from "../model/types.js";
import type { Finding, Outcome, Severity } from "../report.js";
import type { InlineSuppressions } from "../suppressions/parse-inline-suppressions.js";
import { type FindingDraft, formatMessage, type Rule } from "./rule.js";

export interface RuleRun {
  rule: Rule;
  outcome: Outcome;
  reason?: string;
  severity: Severity;
  findings: Finding[];
}

/** Runs every rule over the model, applying configuration overrides and inline suppressions. */
export function runRules(
  rules: readonly Rule[],
  model: ProjectModel,
  config: LastcallConfig,
  suppressionsByFile: Map<string, InlineSuppressions>,
): RuleRun[] {
  return rules.map((rule) => {
    const override = config.rules[rule.meta.id] ?? config.rules[rule.meta.name];
    if (override === "off") {
      return { rule, outcome: "not_applicable", reason: "turned off in .lastcall.json", severity: rule.meta.severity, findings: [] };
    }
    const severity: Severity = override ?? rule.meta.severity;
    const drafts: FindingDraft[] = [];
    let verdict: ReturnType<Rule["check"]>;
    try {
      verdict = rule.check({ model, report: (draft) => drafts.push(draft) });
    } catch (error) {
      return {
        rule,
        outcome: "could_not_determine",
        reason: `the rule failed on this project: ${(error as Error).message}`,
        severity,
        findings: [],
      };
    }
    const findings = drafts.map((draft) => toFinding(rule, draft, override, suppressionsByFile));
    const counted = findings.filter((finding) => !finding.suppressed);
    if (verdict && verdict.outcome !== "pass" && counted.length === 0) {
      return { rule, outcome: verdict.outcome, reason: verdict.reason, severity, findings };
    }
    if (counted.length > 0) return { rule, outcome: "fail", severity, findings };
    const reason = findings.length > 0 ? "every finding is suppressed" : verdict?.reason;
    return { rule, outcome: "pass", severity, findings, ...(reason ? { reason } : {}) };
  });
}

function toFinding(
  rule: Rule,
  draft: FindingDraft,
  severityOverride: Severity | undefined,
  suppressionsByFile: Map<string, InlineSuppressions>,
): Finding {
  const { meta } = rule;
  const template = meta.messages[draft.messageId] ?? draft.messageId;
  const finding: Finding = {
    ruleId: meta.id,
    ruleName: meta.name,
    category: meta.category,
    severity: severityOverride ?? draft.severity ?? meta.severity,
    confidence: draft.confidence,
    message: formatMessage(template, draft.data),
    remediation: meta.remediation,
    docsUrl: rule.docsUrl,
    file: draft.at.file,
    line: draft.at.line,
    column: draft.at.column,
    endLine: draft.at.endLine,
    endColumn: draft.at.endColumn,
    excerpt: draft.at.excerpt,
    fingerprint: createHash("sha256")
      .update(`${meta.id}\0${draft.at.file}\0${draft.at.excerpt.trim().replace(/\s+/g, " ")}\0${draft.messageId}`)
      .digest("hex")
      .slice(0, 16),
  };
  const inline = suppressionsByFile
    .get(draft.at.file)
    ?.byLine.get(draft.at.line)
    ?.find((suppression) => suppression.rules.includes(meta.id) || suppression.rules.includes(meta.name));
  if (inline) finding.suppressed = { source: "inline", reason: inline.reason };
  return finding;
}
