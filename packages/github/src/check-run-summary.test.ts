import type { CategoryScore } from "@lastcall/analyzer";
import { describe, expect, it } from "vitest";
import { checkRunSummary } from "./check-run-summary.js";
import { compareFindings } from "./compare-findings.js";
import { finding } from "./test-support/finding.js";

const categories = (scores: Array<number | null>): CategoryScore[] =>
  [
    { id: "A", name: "Lifecycle and signals", weight: 25 },
    { id: "B", name: "Intake and drain", weight: 20 },
    { id: "C", name: "Cancellation", weight: 10 },
  ].map((category, index) => ({ ...category, id: category.id as CategoryScore["id"], score: scores[index] ?? null }));

const detailsUrl = "https://lastcall.dev/scans/123";

describe("checkRunSummary", () => {
  const high = finding({ fingerprint: "h", severity: "high", file: "src/server.ts", line: 12, message: "SIGTERM is not handled" });
  const medium = finding({
    fingerprint: "m",
    ruleId: "SD012",
    ruleName: "unbounded-drain",
    severity: "medium",
    line: 40,
    message: "drain has no deadline",
  });
  const fixed = finding({
    fingerprint: "f",
    ruleId: "SD009",
    ruleName: "resource-left-open",
    severity: "high",
    file: "src/db.ts",
    line: 3,
    message: "pool left open",
  });

  it("renders reasons, the category table with changes, new and fixed findings, and the report link", () => {
    const summary = checkRunSummary({
      head: { score: 70, categories: categories([80, 60, null]) },
      base: { categories: categories([75, 60, 50]) },
      comparison: compareFindings([medium, high], [fixed]),
      reasons: ["1 new high finding (SD003) compared with the base commit"],
      baseRef: "main",
      detailsUrl,
    });
    expect(summary).toBe(
      [
        "- 1 new high finding \\(SD003\\) compared with the base commit",
        "",
        "| Category | Score | vs main |",
        "| --- | ---: | ---: |",
        "| Lifecycle and signals | 80 | +5 |",
        "| Intake and drain | 60 | ±0 |",
        "| Cancellation | n/a | n/a |",
        "",
        "### New findings (2)",
        "- **high** SD003 no\\-signal\\-handler · src\\/server\\.ts\\:12 — SIGTERM is not handled",
        "- **medium** SD012 unbounded\\-drain · src\\/server\\.ts\\:40 — drain has no deadline",
        "",
        "### Fixed findings (1)",
        "- **high** SD009 resource\\-left\\-open · src\\/db\\.ts\\:3 — pool left open",
        "",
        `[Full report](${detailsUrl})`,
        "",
      ].join("\n"),
    );
  });

  it("says when nothing is new and leaves out an empty fixed section", () => {
    const summary = checkRunSummary({
      head: { score: 90, categories: categories([90, 90, 90]) },
      base: { categories: categories([90, 90, 90]) },
      comparison: compareFindings([high], [high]),
      baseRef: "main",
      detailsUrl,
    });
    expect(summary).toContain(
      "### New findings (0)\nNo new findings compared with main.\n\n1 finding is unchanged from main; see the full report.",
    );
    expect(summary).not.toContain("Fixed findings");
  });

  it("lists every finding without a base, and drops the change column", () => {
    const summary = checkRunSummary({
      head: { score: 70, categories: categories([70, 70, 70]) },
      comparison: compareFindings([high], undefined),
      detailsUrl,
    });
    expect(summary).toContain("| Category | Score |\n| --- | ---: |\n| Lifecycle and signals | 70 |");
    expect(summary).toContain("### Findings (1)\nNo scan of base to compare with, so every finding is listed.\n\n- **high** SD003");
    expect(checkRunSummary({ head: { score: 100, categories: [] }, comparison: compareFindings([], undefined), detailsUrl })).toContain(
      "### Findings (0)\nNo findings.",
    );
  });

  it("explains an unscored report instead of a table", () => {
    const summary = checkRunSummary({
      head: { score: null, notScoredReason: "No MCP server entry point found", categories: categories([null, null, null]) },
      comparison: compareFindings([], undefined),
      detailsUrl,
    });
    expect(summary).toContain("**Not scored**: No MCP server entry point found");
    expect(summary).not.toContain("| Category");
  });

  it("lists the most severe findings first and caps each list", () => {
    const many = Array.from({ length: 30 }, (_, index) => finding({ fingerprint: `n${index}`, severity: "low", line: index + 1 }));
    const critical = finding({ fingerprint: "c", severity: "critical", line: 99 });
    const summary = checkRunSummary({
      head: { score: 50, categories: [] },
      base: { categories: [] },
      comparison: compareFindings([...many, critical], []),
      detailsUrl,
      maxListed: 5,
    });
    const items = summary.split("\n").filter((line) => line.startsWith("- "));
    expect(items).toHaveLength(6);
    expect(items[0]).toContain("**critical**");
    expect(items[5]).toBe("- …and 26 more");
  });

  it("escapes hostile file names, messages and branch names", () => {
    const hostile = finding({
      fingerprint: "x",
      file: "src/<img src=x onerror=alert(1)>|[a](https://evil.example)\n# owned.ts",
      message: "**bold** <script>alert(1)</script> @everyone `code`",
    });
    const summary = checkRunSummary({
      head: { score: 50, categories: categories([50, 50, 50]) },
      base: { categories: categories([50, 50, 50]) },
      comparison: compareFindings([hostile], []),
      baseRef: "main|<b>x</b>",
      detailsUrl,
    });
    expect(summary).not.toMatch(/(?<!\\)[<>]/);
    expect(summary).not.toMatch(/(?<!\\)\]\(https:\/\/evil/);
    expect(summary).not.toMatch(/(?<!\\)@everyone/);
    expect(summary).not.toMatch(/^# owned/m);
    expect(summary).toContain("| Category | Score | vs main\\|\\<b\\>x\\<\\/b\\> |");
    const item = summary.split("\n").find((line) => line.includes("img"));
    expect(item).toBe(
      "- **high** SD003 no\\-signal\\-handler · src\\/\\<img src\\=x onerror\\=alert\\(1\\)\\>\\|\\[a\\]\\(https\\:\\/\\/evil\\.example\\) \\# owned\\.ts\\:10 — " +
        "\\*\\*bold\\*\\* \\<script\\>alert\\(1\\)\\<\\/script\\> \\@everyone \\`code\\`",
    );
  });

  it("keeps the link target from closing the link early", () => {
    const summary = checkRunSummary({
      head: { score: 1, categories: [] },
      comparison: compareFindings([], undefined),
      detailsUrl: "https://x.test/a (b)",
    });
    expect(summary).toContain("[Full report](https://x.test/a%20%28b%29)");
  });

  it("stays within GitHub's 65,535 characters with the worst findings", () => {
    const worst = (index: number) =>
      finding({ fingerprint: `w${index}`, file: "&".repeat(5_000), message: "<".repeat(50_000), ruleName: "r", severity: "critical" });
    const summary = checkRunSummary({
      head: { score: 0, categories: categories([0, 0, 0]) },
      base: { categories: categories([0, 0, 0]) },
      comparison: compareFindings(
        Array.from({ length: 500 }, (_, index) => worst(index)),
        Array.from({ length: 500 }, (_, index) => worst(index + 1_000)),
      ),
      reasons: ["x".repeat(100_000), "y".repeat(100_000)],
      baseRef: "|".repeat(300),
      detailsUrl,
    });
    expect(summary.length).toBeLessThanOrEqual(65_535);
  });
});
