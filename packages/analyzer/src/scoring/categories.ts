import type { CategoryId, Confidence, Grade, Severity } from "../report.js";

/** RULES.md, Scoring: categories, their weights and their rules. */
export const CATEGORIES: ReadonlyArray<{ id: CategoryId; name: string; weight: number }> = [
  { id: "A", name: "Lifecycle and signals", weight: 25 },
  { id: "B", name: "Intake and drain", weight: 20 },
  { id: "C", name: "Cancellation", weight: 10 },
  { id: "D", name: "Resource release", weight: 15 },
  { id: "E", name: "Durable logs and telemetry", weight: 10 },
  { id: "F", name: "Secret hygiene", weight: 10 },
  { id: "G", name: "Deployment", weight: 10 },
];

export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 7.5, medium: 5, low: 2.5, info: 0 };
export const CONFIDENCE_FACTOR: Record<Confidence, number> = { high: 1, medium: 0.6, low: 0.3 };
export const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

/** Each further finding of one rule counts at this fraction; a rule's total is capped at CAP × its weight. */
export const FURTHER_FINDING_FACTOR = 0.25;
export const RULE_CAP_FACTOR = 1.5;
export const CRITICAL_GATE_CAP = 49;
export const HIGH_GATE_CAP = 79;

export function gradeFor(score: number): Grade {
  if (score >= 90) return "A";
  if (score >= 80) return "B";
  if (score >= 65) return "C";
  if (score >= 50) return "D";
  return "F";
}
