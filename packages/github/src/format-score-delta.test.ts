import { describe, expect, it } from "vitest";
import { formatScoreDelta } from "./format-score-delta.js";

describe("formatScoreDelta", () => {
  it("signs the change, with a real minus sign and ±0 for none", () => {
    expect(formatScoreDelta(87, 82)).toBe("+5");
    expect(formatScoreDelta(79, 82)).toBe("\u22123");
    expect(formatScoreDelta(82, 82)).toBe("\u00b10");
  });
});
