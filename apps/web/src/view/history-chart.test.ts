import type { HistoryPoint } from "@lastcall/db";
import { describe, expect, it } from "vitest";
import { CHART, layoutHistory, yFor } from "./history-chart.js";

function point(n: number, score: number | null, rulesetVersion = "1.0.0"): HistoryPoint {
  return {
    id: `scan-${n}`,
    commitSha: `${n}`.repeat(40),
    score,
    grade: score === null ? null : "C",
    scored: score !== null,
    coverage: 1,
    finishedAt: new Date(Date.UTC(2025, 0, n)),
    analyzerVersion: "0.1.0",
    rulesetVersion,
  };
}

describe("layoutHistory", () => {
  it("has nothing to draw without points", () => {
    expect(layoutHistory([])).toBeUndefined();
  });

  it("spreads points evenly, oldest first, and names each by short commit and score", () => {
    const layout = layoutHistory([point(1, 40, "0.9.0"), point(2, null), point(3, 75)]);
    expect(layout?.points.map(({ x, y, title, otherRuleset, scored }) => ({ x, y, title, otherRuleset, scored }))).toEqual([
      { x: CHART.left, y: yFor(40), title: "1111111: 40 (C) (rule set 0.9.0)", otherRuleset: true, scored: true },
      { x: (CHART.left + CHART.width - CHART.right) / 2, y: yFor(0), title: "2222222: not scored", otherRuleset: false, scored: false },
      { x: CHART.width - CHART.right, y: yFor(75), title: "3333333: 75 (C)", otherRuleset: false, scored: true },
    ]);
    // The line joins scored points only.
    expect(layout?.line.split(" ")).toHaveLength(2);
    expect(layout).toMatchObject({ latestRuleset: "1.0.0", firstDate: "1 Jan 2025", lastDate: "3 Jan 2025" });
  });

  it("centres a single point", () => {
    const [only] = layoutHistory([point(1, 100)])?.points ?? [];
    expect(only?.x).toBe((CHART.left + CHART.width - CHART.right) / 2);
    expect(only?.y).toBe(CHART.top);
  });
});
