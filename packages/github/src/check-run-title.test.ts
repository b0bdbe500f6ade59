import { describe, expect, it } from "vitest";
import { checkRunTitle } from "./check-run-title.js";

describe("checkRunTitle", () => {
  it("shows the score, grade and change against the base branch", () => {
    expect(checkRunTitle({ score: 87, grade: "B", baseScore: 82, baseRef: "main" })).toBe("Score 87 (B) · +5 vs main");
    expect(checkRunTitle({ score: 79, grade: "C", baseScore: 82, baseRef: "main" })).toBe("Score 79 (C) · −3 vs main");
    expect(checkRunTitle({ score: 82, grade: "B", baseScore: 82, baseRef: "develop" })).toBe("Score 82 (B) · ±0 vs develop");
  });

  it("uses a real minus sign", () => {
    expect(checkRunTitle({ score: 79, grade: "C", baseScore: 82, baseRef: "main" })).toContain("\u22123 vs main");
  });

  it("leaves the change out without a scored base", () => {
    expect(checkRunTitle({ score: 87, grade: "B" })).toBe("Score 87 (B)");
    expect(checkRunTitle({ score: 87, grade: "B", baseScore: null, baseRef: "main" })).toBe("Score 87 (B)");
  });

  it("says when the head was not scored", () => {
    expect(checkRunTitle({ score: null, grade: null, baseScore: 80, baseRef: "main" })).toBe("Not scored");
  });

  it("falls back to 'base' and shortens long branch names", () => {
    expect(checkRunTitle({ score: 50, grade: "D", baseScore: 40 })).toBe("Score 50 (D) · +10 vs base");
    const title = checkRunTitle({ score: 50, grade: "D", baseScore: 40, baseRef: "x".repeat(255) });
    expect(title.length).toBeLessThan(80);
    expect(title.endsWith("\u2026")).toBe(true);
  });
});
