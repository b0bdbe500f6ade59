import { describe, expect, it } from "vitest";
import { median, percentile, summarize } from "./stats.js";

describe("percentile", () => {
  it("is nearest-rank: always a measured value", () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
  });
});

describe("median", () => {
  it("averages the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });
});

describe("summarize", () => {
  it("gives median, range and p95", () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, p95: 3, count: 3 });
  });
});
