import { describe, expect, it } from "vitest";
import type { Finding } from "../report.js";
import { sampleReport } from "../test-support/sample-report.js";
import { compareFindings, formatDuration, partitionFindings, rankFindings, sortFindings } from "./findings.js";

function at(file: string, line: number, column: number, ruleId: string, extra: Partial<Finding> = {}): Finding {
  const [base] = sampleReport().findings;
  if (!base) throw new Error("sample report has findings");
  return { ...base, file, line, column, ruleId, suppressed: undefined, ...extra };
}

const key = (finding: Finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`;

describe("sortFindings", () => {
  it("orders by file (code points, not locale), line, column, then rule", () => {
    const sorted = sortFindings([
      at("src/b.ts", 2, 1, "SD001"),
      at("src/a.ts", 10, 1, "SD001"),
      at("src/a.ts", 2, 5, "SD009"),
      at("src/a.ts", 2, 5, "SD002"),
      at("src/a.ts", 2, 1, "SD003"),
      at("Src/z.ts", 1, 1, "SD001"),
    ]);
    expect(sorted.map(key)).toEqual([
      "Src/z.ts:1:1 SD001",
      "src/a.ts:2:1 SD003",
      "src/a.ts:2:5 SD002",
      "src/a.ts:2:5 SD009",
      "src/a.ts:10:1 SD001",
      "src/b.ts:2:1 SD001",
    ]);
  });

  it("breaks full ties by fingerprint so that the order never depends on the input's", () => {
    const a = at("x.ts", 1, 1, "SD001", { fingerprint: "a" });
    const b = at("x.ts", 1, 1, "SD001", { fingerprint: "b" });
    expect(compareFindings(a, b)).toBeLessThan(0);
    expect(sortFindings([b, a])).toEqual([a, b]);
  });
});

describe("rankFindings", () => {
  it("puts the most severe, then the most certain, first", () => {
    const ranked = rankFindings([
      at("a.ts", 1, 1, "SD012", { severity: "low", confidence: "high" }),
      at("b.ts", 1, 1, "SD009", { severity: "high", confidence: "medium" }),
      at("c.ts", 1, 1, "SD002", { severity: "high", confidence: "high" }),
      at("d.ts", 1, 1, "SD003", { severity: "critical", confidence: "low" }),
    ]);
    expect(ranked.map((finding) => finding.ruleId)).toEqual(["SD003", "SD002", "SD009", "SD012"]);
  });
});

describe("partitionFindings", () => {
  it("separates suppressed findings from those that count", () => {
    const { active, suppressed } = partitionFindings(sampleReport());
    expect(active).toHaveLength(8);
    expect(suppressed.map(key)).toEqual(["src/metrics.ts:9:1 SD009"]);
  });
});

describe("formatDuration", () => {
  it("uses milliseconds below a second and seconds above", () => {
    expect(formatDuration(12.4)).toBe("12 ms");
    expect(formatDuration(1834)).toBe("1.83 s");
  });
});
