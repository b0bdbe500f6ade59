import { describe, expect, it } from "vitest";
import { type ScoredRule, scoreRules } from "./score-report.js";

const rule = (
  id: string,
  category: ScoredRule["category"],
  severity: ScoredRule["severity"],
  outcome: ScoredRule["outcome"],
  findings: ScoredRule["findings"] = [],
): ScoredRule => ({
  id,
  category,
  severity,
  outcome,
  findings,
});

describe("scoreRules", () => {
  it("scores 100 with every applicable rule passing and reports coverage", () => {
    const result = scoreRules(
      [rule("SD001", "A", "high", "pass"), rule("SD009", "D", "medium", "pass"), rule("SD016", "G", "high", "not_applicable")],
      [],
    );
    expect(result.score).toBe(100);
    expect(result.grade).toBe("A");
    expect(result.coverage).toBe(0.4);
    expect(result.categories.find((c) => c.id === "G")?.score).toBeNull();
  });

  it("counts the first finding in full, further ones at 25 %, capped at 1.5 × the weight", () => {
    // D: one medium rule, budget 7.5. Three medium/high-confidence findings: 5 + 1.25 + 1.25 = 7.5 → capped at 7.5.
    const three = scoreRules(
      [
        rule("SD009", "D", "medium", "fail", [
          { severity: "medium", confidence: "high" },
          { severity: "medium", confidence: "high" },
          { severity: "medium", confidence: "high" },
        ]),
      ],
      [],
    );
    expect(three.pointsByRule.get("SD009")).toBe(7.5);
    expect(three.categories.find((c) => c.id === "D")?.score).toBe(0);
    const one = scoreRules([rule("SD009", "D", "medium", "fail", [{ severity: "medium", confidence: "medium" }])], []);
    // 5 × 0.6 = 3 of a 7.5 budget → 60.
    expect(one.categories.find((c) => c.id === "D")?.score).toBe(60);
  });

  it("renormalises over applicable categories and applies the gates", () => {
    const rules = [
      rule("SD003", "A", "high", "fail", [{ severity: "critical", confidence: "high" }]),
      rule("SD001", "A", "high", "pass"),
      rule("SD009", "D", "medium", "pass"),
    ];
    const result = scoreRules(rules, [{ ruleId: "SD003", severity: "critical", confidence: "high" }]);
    // A: budget 1.5×10 + 1.5×7.5 = 26.25, points 10 → 62; D: 100; (25×62 + 15×100)/40 = 76.25 → 76, capped at 49.
    expect(result.categories.find((c) => c.id === "A")?.score).toBe(62);
    expect(result.gates.map((gate) => gate.id)).toEqual(["critical-finding"]);
    expect(result.score).toBe(49);
    expect(result.grade).toBe("F");
  });

  it("does not gate on medium-confidence findings", () => {
    const result = scoreRules(
      [rule("SD001", "A", "high", "fail", [{ severity: "high", confidence: "medium" }])],
      [{ ruleId: "SD001", severity: "high", confidence: "medium" }],
    );
    expect(result.gates).toEqual([]);
  });
});
