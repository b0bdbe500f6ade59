/**
 * Checks the fixture projects' own definitions (no analyzer involved): expected.json parses, every
 * failing rule has a marker showing where, no marker contradicts expected.json, and the fixtures
 * README has a line for every fixture.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_ROOT, type Fixture, fixtureDefinitionProblems, loadFixtures } from "./fixture-expectations.js";

describe("fixtureDefinitionProblems", () => {
  const base: Fixture = {
    name: "example",
    dir: "/nowhere",
    expected: { description: "an example fixture for the checker", scored: true, outcomes: {} },
    markers: [],
  };

  it("accepts a consistent definition", () => {
    const fixture: Fixture = {
      ...base,
      expected: { ...base.expected, outcomes: { SD003: "fail", SD004: "not_applicable" }, grade: "F", score: { max: 49 } },
      markers: [{ kind: "expect", ruleId: "SD003", file: "src/index.ts", line: 9, markerLine: 8 }],
    };
    expect(fixtureDefinitionProblems(fixture)).toEqual([]);
  });

  it("reports a failing rule without an expect marker", () => {
    const fixture: Fixture = { ...base, expected: { ...base.expected, outcomes: { SD009: "fail" } } };
    expect(fixtureDefinitionProblems(fixture)).toEqual(['example: SD009 is expected to fail but no "expect: SD009" marker shows where']);
  });

  it("reports expect markers for rules that are not expected to fail", () => {
    const fixture: Fixture = {
      ...base,
      expected: { ...base.expected, outcomes: { SD001: "pass" } },
      markers: [
        { kind: "expect", ruleId: "SD001", file: "src/index.ts", line: 3, markerLine: 2 },
        { kind: "expect", ruleId: "SD002", file: "src/index.ts", line: 3, markerLine: 2 },
      ],
    };
    expect(fixtureDefinitionProblems(fixture)).toEqual([
      'example: src/index.ts:3 expects SD001, but expected.json says "pass"',
      "example: src/index.ts:3 expects SD002, which has no outcome in expected.json",
    ]);
  });

  it("reports a grade that the score range rules out, and ranges above a gate's cap", () => {
    const fixture: Fixture = {
      ...base,
      expected: { ...base.expected, grade: "A", score: { min: 85 }, gates: ["high-finding"] },
    };
    expect(fixtureDefinitionProblems(fixture)).toEqual(["example: the high-finding gate caps the score at 79, below score.min"]);
    const impossible: Fixture = { ...base, expected: { ...base.expected, grade: "A", score: { max: 70 } } };
    expect(fixtureDefinitionProblems(impossible)).toEqual(["example: grade A (90–100) cannot hold with score 0–70"]);
  });
});

describe("fixture definitions", () => {
  const fixtures = loadFixtures();

  it("finds the fixture projects", () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))("%s is consistent", (_name, fixture) => {
    expect(fixtureDefinitionProblems(fixture)).toEqual([]);
  });

  it("the fixtures README has a line for every fixture", () => {
    const readme = readFileSync(join(FIXTURES_ROOT, "README.md"), "utf8");
    const missing = fixtures.map((fixture) => fixture.name).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing, "fixtures missing from test/fixtures/README.md").toEqual([]);
  });
});
