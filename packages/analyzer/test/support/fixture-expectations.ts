/**
 * Loads the fixture projects under test/fixtures and their expectations: `expected.json` next to
 * the project's files plus the inline markers in its sources (see test/fixtures/README.md).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { collectExpectationMarkers, type ExpectationMarker } from "./expectation-markers.js";

export const FIXTURES_ROOT = fileURLToPath(new URL("../fixtures/", import.meta.url));

const outcome = z.enum(["pass", "fail", "not_applicable", "could_not_determine"]);
export type ExpectedOutcome = z.infer<typeof outcome>;

const ruleId = z.string().regex(/^SD\d{3}$/, "rule ids look like SD001");

export const expectedSchema = z
  .object({
    /** What the fixture represents and why the outcomes are what they are. */
    description: z.string().min(20),
    scored: z.boolean(),
    grade: z.enum(["A", "B", "C", "D", "F"]).optional(),
    /** Inclusive bounds on `report.score`. */
    score: z
      .object({ min: z.number().min(0).max(100).optional(), max: z.number().min(0).max(100).optional() })
      .strict()
      .refine((range) => range.min !== undefined || range.max !== undefined, "give min, max or both")
      .refine((range) => (range.min ?? 0) <= (range.max ?? 100), "min must not exceed max")
      .optional(),
    /**
     * The rules this fixture is about. A list means "any of these": only where RULES.md leaves the
     * choice open, and the description says why.
     */
    outcomes: z.record(ruleId, z.union([outcome, z.array(outcome).min(2)])),
    /** Gate ids that must fire (others may fire too). */
    gates: z.array(z.enum(["critical-finding", "high-finding"])).optional(),
  })
  .strict();

export type FixtureExpectations = z.infer<typeof expectedSchema>;

export interface Fixture {
  name: string;
  dir: string;
  expected: FixtureExpectations;
  markers: ExpectationMarker[];
}

/** Acceptable outcomes of a rule, as a list. */
export function acceptedOutcomes(value: ExpectedOutcome | ExpectedOutcome[]): ExpectedOutcome[] {
  return Array.isArray(value) ? value : [value];
}

export function loadFixture(dir: string, name: string): Fixture {
  const path = join(dir, "expected.json");
  const parsed = expectedSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    throw new Error(`${name}/expected.json is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return { name, dir, expected: parsed.data, markers: collectExpectationMarkers(dir) };
}

/** Every directory directly under `root` that has an expected.json, sorted by name. */
export function loadFixtures(root: string = FIXTURES_ROOT): Fixture[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "expected.json")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadFixture(join(root, name), name));
}

const GRADE_BOUNDS: Record<NonNullable<FixtureExpectations["grade"]>, [number, number]> = {
  A: [90, 100],
  B: [80, 89],
  C: [65, 79],
  D: [50, 64],
  F: [0, 49],
};

/**
 * Problems with a fixture's own definition, independent of the analyzer: a failing rule without a
 * marker saying where, a marker for a rule the expectations call passing, contradictory score bounds.
 */
export function fixtureDefinitionProblems(fixture: Fixture): string[] {
  const problems: string[] = [];
  const { expected, markers, name } = fixture;

  for (const [id, value] of Object.entries(expected.outcomes)) {
    const accepted = acceptedOutcomes(value);
    const expectMarkers = markers.filter((m) => m.kind === "expect" && m.ruleId === id);
    if (accepted.length === 1 && accepted[0] === "fail" && expectMarkers.length === 0) {
      problems.push(`${name}: ${id} is expected to fail but no "expect: ${id}" marker shows where`);
    }
  }
  for (const marker of markers.filter((m) => m.kind === "expect")) {
    const value = expected.outcomes[marker.ruleId];
    if (value === undefined) {
      problems.push(`${name}: ${marker.file}:${marker.line} expects ${marker.ruleId}, which has no outcome in expected.json`);
    } else if (!acceptedOutcomes(value).includes("fail")) {
      problems.push(`${name}: ${marker.file}:${marker.line} expects ${marker.ruleId}, but expected.json says ${JSON.stringify(value)}`);
    }
  }
  if (!expected.scored && (expected.grade || expected.score || expected.gates)) {
    problems.push(`${name}: an unscored fixture cannot expect a grade, score or gates`);
  }
  if (expected.grade && expected.score) {
    const [low, high] = GRADE_BOUNDS[expected.grade];
    const min = expected.score.min ?? 0;
    const max = expected.score.max ?? 100;
    if (max < low || min > high) {
      problems.push(`${name}: grade ${expected.grade} (${low}–${high}) cannot hold with score ${min}–${max}`);
    }
  }
  if (expected.gates?.includes("critical-finding") && (expected.score?.min ?? 0) > 49) {
    problems.push(`${name}: the critical-finding gate caps the score at 49, below score.min`);
  }
  if (expected.gates?.includes("high-finding") && (expected.score?.min ?? 0) > 79) {
    problems.push(`${name}: the high-finding gate caps the score at 79, below score.min`);
  }
  return problems;
}
