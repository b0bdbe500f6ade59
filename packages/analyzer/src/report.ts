/**
 * The JSON report contract. Other parts of the product (worker, web, GitHub checks) and outside
 * tools read it; `report.schema.json` publishes the same shape. Bump SCHEMA_VERSION on any
 * breaking change to these types.
 */
export const SCHEMA_VERSION = 1;

export type Severity = "critical" | "high" | "medium" | "low" | "info";
export type Confidence = "high" | "medium" | "low";
export type Outcome = "pass" | "fail" | "not_applicable" | "could_not_determine";
export type CategoryId = "A" | "B" | "C" | "D" | "E" | "F" | "G";

export interface Suppression {
  source: "inline" | "config";
  reason: string;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  category: CategoryId;
  severity: Severity;
  confidence: Confidence;
  message: string;
  remediation: string;
  docsUrl: string;
  /** Repository-relative path with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  excerpt?: string;
  /** Stable across unrelated edits: rule id, file and the normalised flagged text. */
  fingerprint: string;
  suppressed?: Suppression;
}

export interface RuleResult {
  id: string;
  name: string;
  category: CategoryId;
  severity: Severity;
  outcome: Outcome;
  reason?: string;
  /** Points this rule took off its category (0 when it passed or does not count). */
  points: number;
}

export interface CategoryScore {
  id: CategoryId;
  name: string;
  weight: number;
  /** null when no rule of the category applies to this project. */
  score: number | null;
}

export interface Gate {
  id: "critical-finding" | "high-finding";
  cap: number;
  ruleId: string;
  message: string;
}

export interface EntryPointSummary {
  file: string;
  profiles: Array<"stdio" | "http">;
  reason: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ParseError {
  file: string;
  line?: number;
  message: string;
}

/** One package of a monorepo, judged on its own (ANALYZER.md); the project scores as its weakest unit. */
export interface UnitSummary {
  /** Repository-relative directory of the package ("." for the root). */
  path: string;
  entryPoints: string[];
  score: number;
  grade: Grade;
  coverage: number;
  gates: Array<Gate["id"]>;
}

export interface ReportStats {
  files: number;
  parsed: number;
  skipped: SkippedFile[];
  parseErrors: ParseError[];
  notes: string[];
  durationMs: number;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string; rulesetVersion: string };
  target: { path: string; commit?: string };
  scored: boolean;
  notScoredReason?: string;
  score: number | null;
  grade: Grade | null;
  /** Applicable category weight over 100, between 0 and 1. */
  coverage: number;
  gates: Gate[];
  categories: CategoryScore[];
  rules: RuleResult[];
  findings: Finding[];
  entryPoints: EntryPointSummary[];
  /** Present when the project holds several server packages, each judged as its own unit. */
  units?: UnitSummary[];
  /** The repository's own pass bar from `.lastcall.json`, for CI gates and pull-request checks. */
  policy?: { minScore?: number };
  stats: ReportStats;
}

export type Grade = "A" | "B" | "C" | "D" | "F";
