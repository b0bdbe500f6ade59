import type { ProjectModel, SourceSpan } from "../model/types.js";
import type { CategoryId, Confidence, Severity } from "../report.js";

export interface RuleMeta {
  /** Stable id, `SD001`…; the docs page and URL derive from it. */
  id: string;
  /** Kebab-case name, stable. */
  name: string;
  category: CategoryId;
  /** Default severity; a finding may raise or lower it where RULES.md says so. */
  severity: Severity;
  /** One line: what the rule checks. */
  title: string;
  /** Why it matters, in plain language (shown in reports). */
  rationale: string;
  /** How to fix, in plain language (shown with every finding). */
  remediation: string;
  /** Message templates keyed by message id; `{name}` placeholders are filled from `data`. */
  messages: Record<string, string>;
}

export interface FindingDraft {
  messageId: string;
  data?: Record<string, string | number>;
  at: SourceSpan;
  severity?: Severity;
  confidence: Confidence;
}

/** What a rule says when it does not produce findings (or in addition to saying why it passed). */
export type RuleVerdict =
  | { outcome: "not_applicable"; reason: string }
  | { outcome: "could_not_determine"; reason: string }
  | { outcome: "pass"; reason?: string };

export interface RuleContext {
  model: ProjectModel;
  report(finding: FindingDraft): void;
}

export interface Rule {
  meta: RuleMeta;
  docsUrl: string;
  /** Returns a verdict, or nothing: then the outcome is fail when findings were reported, else pass. */
  check(context: RuleContext): RuleVerdict | undefined;
}

export const DOCS_BASE_URL = "https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/";

export function ruleDocsPath(meta: Pick<RuleMeta, "id" | "name">): string {
  return `docs/rules/${meta.id}-${meta.name}.md`;
}

export function createRule(definition: { meta: RuleMeta; check: Rule["check"] }): Rule {
  return {
    meta: definition.meta,
    docsUrl: `${DOCS_BASE_URL}${definition.meta.id}-${definition.meta.name}.md`,
    check: definition.check,
  };
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
