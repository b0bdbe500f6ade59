import type { CategoryId, CategoryScore, Confidence, Finding, Gate, Grade, Outcome, Severity } from "../report.js";
import {
  CATEGORIES,
  CONFIDENCE_FACTOR,
  CRITICAL_GATE_CAP,
  FURTHER_FINDING_FACTOR,
  gradeFor,
  HIGH_GATE_CAP,
  RULE_CAP_FACTOR,
  SEVERITY_ORDER,
  SEVERITY_WEIGHT,
} from "./categories.js";

export interface ScoredRule {
  id: string;
  category: CategoryId;
  severity: Severity;
  outcome: Outcome;
  /** Unsuppressed findings only. */
  findings: Array<Pick<Finding, "severity" | "confidence">>;
}

export interface Score {
  score: number;
  grade: Grade;
  coverage: number;
  gates: Gate[];
  categories: CategoryScore[];
  pointsByRule: Map<string, number>;
}

const findingPoints = (severity: Severity, confidence: Confidence) => SEVERITY_WEIGHT[severity] * CONFIDENCE_FACTOR[confidence];

/** A rule's weight: its default severity, or the highest severity it actually reported. */
function ruleWeight(rule: ScoredRule): number {
  const severities = [rule.severity, ...rule.findings.map((finding) => finding.severity)];
  return Math.max(...severities.map((severity) => SEVERITY_WEIGHT[severity]));
}

/** RULES.md, Scoring: reads rule outcomes only. */
export function scoreRules(rules: ScoredRule[], gateFindings: Array<Pick<Finding, "ruleId" | "severity" | "confidence">>): Score {
  const pointsByRule = new Map<string, number>();
  for (const rule of rules) {
    if (rule.outcome !== "fail") continue;
    const points = rule.findings
      .map((finding) => findingPoints(finding.severity, finding.confidence))
      .sort((a, b) => b - a)
      .reduce((sum, value, index) => sum + (index === 0 ? value : value * FURTHER_FINDING_FACTOR), 0);
    pointsByRule.set(rule.id, Math.min(points, RULE_CAP_FACTOR * ruleWeight(rule)));
  }

  const categories: CategoryScore[] = CATEGORIES.map((category) => {
    const applicable = rules.filter((rule) => rule.category === category.id && (rule.outcome === "pass" || rule.outcome === "fail"));
    if (applicable.length === 0) return { ...category, score: null };
    const budget = applicable.reduce((sum, rule) => sum + RULE_CAP_FACTOR * ruleWeight(rule), 0);
    const points = applicable.reduce((sum, rule) => sum + (pointsByRule.get(rule.id) ?? 0), 0);
    const score = budget === 0 ? 100 : Math.round(100 * Math.max(0, 1 - points / budget));
    return { ...category, score };
  });

  const scored = categories.filter((category) => category.score !== null);
  const totalWeight = scored.reduce((sum, category) => sum + category.weight, 0);
  let score =
    totalWeight === 0 ? 100 : Math.round(scored.reduce((sum, category) => sum + category.weight * (category.score ?? 0), 0) / totalWeight);

  const gates: Gate[] = [];
  const highConfidence = gateFindings.filter((finding) => finding.confidence === "high");
  const critical = highConfidence.find((finding) => finding.severity === "critical");
  const high = highConfidence.find((finding) => finding.severity === "high");
  if (critical) {
    gates.push({
      id: "critical-finding",
      cap: CRITICAL_GATE_CAP,
      ruleId: critical.ruleId,
      message: `A high-confidence critical finding (${critical.ruleId}) caps the score at ${CRITICAL_GATE_CAP}.`,
    });
  }
  if (high) {
    gates.push({
      id: "high-finding",
      cap: HIGH_GATE_CAP,
      ruleId: high.ruleId,
      message: `A high-confidence high-severity finding (${high.ruleId}) caps the score at ${HIGH_GATE_CAP}.`,
    });
  }
  for (const gate of gates) score = Math.min(score, gate.cap);

  return { score, grade: gradeFor(score), coverage: totalWeight / 100, gates, categories, pointsByRule };
}

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b);
}
