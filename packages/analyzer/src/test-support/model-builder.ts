import { defaultConfig } from "../config/config-schema.js";
import { emptyDeploymentFacts } from "../deploy/types.js";
import type { ProjectModel, SourceSpan } from "../model/types.js";
import { type FindingDraft, formatMessage, type Rule, type RuleVerdict } from "../rules/rule.js";

/** A project model with empty facts, for rule tests; `partial` replaces whole fields. */
export function buildTestModel(partial: Partial<ProjectModel> = {}): ProjectModel {
  return {
    root: "/repo",
    config: defaultConfig,
    modules: new Map(),
    entryPoints: [],
    profiles: new Set(),
    triggers: [],
    stdioInputs: [],
    opened: [],
    deadlines: [],
    toolHandlers: [],
    secrets: [],
    secretEnvWrites: [],
    secretEnvReads: [],
    unresolvedListeners: [],
    handledSignals: new Set(),
    exits: [],
    httpSessions: [],
    deployment: emptyDeploymentFacts(),
    shutdownLibraries: new Set(),
    ...partial,
  };
}

/** A one-line span for facts a test builds by hand (deadlines, resources). */
export function testSpan(file: string, line: number, excerpt = ""): SourceSpan {
  return { file, line, column: 1, endLine: line, endColumn: excerpt.length + 1, excerpt };
}

export interface CollectedFinding extends FindingDraft {
  /** The rule's message template filled with the finding's data. */
  message: string;
}

/**
 * Runs one rule's check and collects what it reports. Throws when the rule reports a message id
 * its meta does not define, so a typo cannot slip through as a raw id in reports.
 */
export function runRule(rule: Rule, model: ProjectModel): { verdict: RuleVerdict | undefined; findings: CollectedFinding[] } {
  const findings: CollectedFinding[] = [];
  const verdict = rule.check({
    model,
    report(draft) {
      const template = rule.meta.messages[draft.messageId];
      if (template === undefined) throw new Error(`${rule.meta.id} reported unknown message id "${draft.messageId}"`);
      findings.push({ ...draft, message: formatMessage(template, draft.data) });
    },
  });
  return { verdict, findings };
}
