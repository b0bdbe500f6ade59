import { describe, expect, it } from "vitest";
import { decideConclusion } from "./decide-conclusion.js";
import { finding } from "./test-support/finding.js";

describe("decideConclusion", () => {
  const critical = finding({ ruleId: "SD001", severity: "critical" });
  const high = finding({ ruleId: "SD003", severity: "high" });
  const otherHigh = finding({ ruleId: "SD009", severity: "high" });
  const medium = finding({ ruleId: "SD012", severity: "medium" });

  it("passes with no new critical or high findings, even when the score dropped", () => {
    expect(decideConclusion({ headScore: 60, baseScore: 75, newFindings: [medium] })).toEqual({
      conclusion: "success",
      reasons: ["No new critical or high findings compared with the base commit"],
    });
  });

  it("fails on a new critical or high finding, naming the rules", () => {
    expect(decideConclusion({ headScore: 90, baseScore: 85, newFindings: [high, critical, otherHigh, medium] })).toEqual({
      conclusion: "failure",
      reasons: [
        "1 new critical finding (SD001) compared with the base commit",
        "2 new high findings (SD003, SD009) compared with the base commit",
      ],
    });
  });

  it("compares with a base that was scanned but not scored", () => {
    expect(decideConclusion({ headScore: 90, baseScore: null, newFindings: [high] }).reasons).toEqual([
      "1 new high finding (SD003) compared with the base commit",
    ]);
  });

  it("without a base scan, fails on any critical or high finding and says why", () => {
    expect(decideConclusion({ headScore: 90, newFindings: [high] })).toEqual({
      conclusion: "failure",
      reasons: ["1 high finding (SD003); with no scan of the base commit, every finding counts as new"],
    });
    expect(decideConclusion({ headScore: 90, newFindings: [medium] })).toEqual({
      conclusion: "success",
      reasons: ["No critical or high findings"],
    });
  });

  it("ignores suppressed findings even if the caller passed them", () => {
    const suppressed = { ...critical, suppressed: { source: "config" as const, reason: "accepted" } };
    expect(decideConclusion({ headScore: 90, baseScore: 90, newFindings: [suppressed] }).conclusion).toBe("success");
  });

  it("fails below the repository's minScore and passes at or above it", () => {
    expect(decideConclusion({ headScore: 79, baseScore: 79, newFindings: [], minScore: 80 })).toEqual({
      conclusion: "failure",
      reasons: [
        "Score 79 is below the repository's minimum of 80 (minScore)",
        "No new critical or high findings compared with the base commit",
      ],
    });
    expect(decideConclusion({ headScore: 80, baseScore: 79, newFindings: [], minScore: 80 })).toEqual({
      conclusion: "success",
      reasons: ["No new critical or high findings compared with the base commit", "Score 80 meets the repository's minimum of 80"],
    });
  });

  it("gives both reasons when both rules fail", () => {
    const { conclusion, reasons } = decideConclusion({ headScore: 40, newFindings: [critical], minScore: 50 });
    expect(conclusion).toBe("failure");
    expect(reasons).toHaveLength(2);
  });

  it("does not hold an unscored head to minScore", () => {
    expect(decideConclusion({ headScore: null, baseScore: 90, newFindings: [], minScore: 80 })).toEqual({
      conclusion: "success",
      reasons: ["No new critical or high findings compared with the base commit", "Not scored, so the minimum score of 80 was not applied"],
    });
  });
});
