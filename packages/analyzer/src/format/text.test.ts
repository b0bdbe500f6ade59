import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import type { Report } from "../report.js";
import { sampleNotScoredReport, sampleReport } from "../test-support/sample-report.js";
import { formatText } from "./text.js";

const hasAnsi = (text: string) => text.includes("\u001b[");

function lines(output: string): string[] {
  return output.split("\n");
}

describe("formatText", () => {
  const output = formatText(sampleReport(), { color: false });

  it("leads with the score and grade, then gates, top findings, categories, findings, suppressed, stats", () => {
    expect(lines(output)[0]).toBe("Shutdown score: 49/100  grade F, capped by 3 gates");
    const order = [
      "Shutdown score: 49/100",
      "\nGates\n",
      "\nTop findings (5 of 8)\n",
      "\nCategories\n",
      "\nFindings (8)\n",
      "\nSuppressed findings (1, not counted)\n",
      "\nRules: ",
      "\nFiles 14 · parsed 12 · skipped 1 · parse errors 1 · 1.83 s\n",
    ].map((marker) => output.indexOf(marker));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(output.endsWith("lastcall 0.1.0 · rule set 1.0.0\n")).toBe(true);
  });

  it("names the target, the commit and the coverage", () => {
    expect(lines(output)).toContain("Target: /home/dev/acme-mcp @ 3f2a9c1e8b7d");
    expect(lines(output)).toContain("Coverage: 100% of the category weight applies to this project");
  });

  it("lists every gate that fired with its cap", () => {
    expect(lines(output)).toContain(
      "  ✖ capped at 49 by SD003: A high-confidence critical finding (SD003 stdio-eof-not-handled) caps the score at 49.",
    );
    expect(output.match(/✖ capped at 79 by SD0(02|16)/g)).toHaveLength(2);
  });

  it("ranks top findings by severity then confidence and counts the rest", () => {
    const top = output.slice(output.indexOf("Top findings"), output.indexOf("\nCategories\n"));
    const titles = top.split("\n").filter((line) => /^ {2}\S/.test(line));
    expect(titles).toEqual([
      "  src/index.ts:41:1  SD003 stdio-eof-not-handled  critical, high confidence",
      "  Dockerfile:12:1  SD016 container-signal-delivery  high, high confidence",
      "  src/shutdown.ts:17:5  SD002 abrupt-exit-in-shutdown  high, high confidence",
      "  src/browser.ts:7:17  SD009 resource-left-open  high, medium confidence",
      "  src/tools/fetch-page.ts:22:20  SD007 tool-ignores-cancellation  medium, high confidence",
      "  …and 3 more below",
    ]);
  });

  it("prints category scores, marking categories that do not apply", () => {
    expect(output).toMatch(/^ {2}C {2}Cancellation +17\/100 {2}weight 10$/m);
    expect(output).toMatch(/^ {2}E {2}Durable logs and telemetry +100\/100 {2}weight 10$/m);
    const unscored = formatText(sampleNotScoredReport(), { color: false });
    expect(unscored).toMatch(/^ {2}G {2}Deployment +not applicable {2}weight 10$/m);
  });

  it("groups findings by category with location, rule, severity, confidence, message, excerpt, fix and docs", () => {
    const section = output.slice(output.indexOf("\nC · Cancellation · 17/100\n"), output.indexOf("\nD · Resource release"));
    expect(section.trim().split("\n")).toEqual([
      "C · Cancellation · 17/100",
      "  src/tools/fetch-page.ts:22:20  SD007 tool-ignores-cancellation  medium, high confidence",
      "    Tool `fetch_page` calls fetch() without passing `extra.signal`; a cancelled call keeps downloading.",
      "      22 │   const response = await fetch(url);",
      "    Fix: Fix tool-ignores-cancellation: make the shutdown path release it within the deadline.",
      "    Docs: https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD007-tool-ignores-cancellation.md",
      "",
      "  src/tools/run-query.ts:15:18  SD007 tool-ignores-cancellation  medium, high confidence",
      "    Tool `run_query` runs pool.query() without the request's abort signal.",
      "      15 │     const rows = await pool.query(sql, params);",
      "    Fix: Fix tool-ignores-cancellation: make the shutdown path release it within the deadline.",
      "    Docs: https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD007-tool-ignores-cancellation.md",
    ]);
  });

  it("numbers multi-line excerpts from the finding's line", () => {
    expect(lines(output)).toContain("      17 │     void server.close();");
    expect(lines(output)).toContain("      18 │     process.exit(0);");
  });

  it("lists suppressed findings apart, with their reason, and not among the findings", () => {
    expect(lines(output)).toContain(
      "  src/metrics.ts:9:1  SD009 resource-left-open  — inline: the host wrapper unrefs every timer it is given",
    );
    expect(output.match(/src\/metrics\.ts/g)).toHaveLength(1);
  });

  it("explains rules that do not count", () => {
    expect(lines(output)).toContain("Rules: 9 pass · 7 fail · 3 not applicable · 1 could not determine");
    expect(lines(output)).toContain("  SD011 telemetry-not-flushed: not applicable — no telemetry SDK found");
    expect(lines(output)).toContain(
      "  SD006 drain-deadline-exceeds-platform-grace: could not determine — the force-exit deadline comes from GRACE_MS, which has no default",
    );
  });

  it("shows entry points, parse errors, skipped files and notes", () => {
    expect(lines(output)).toContain("  src/index.ts (stdio): connects a StdioServerTransport");
    expect(lines(output)).toContain("  src/legacy/old.js:3  Unexpected token '<'");
    expect(lines(output)).toContain("  vendor/pdf.min.js  vendored file");
    expect(lines(output)).toContain("  GRACE_MS is read from the environment with no default");
  });

  it("says why a project is not scored instead of giving a score", () => {
    const unscored = formatText(sampleNotScoredReport(), { color: false });
    expect(lines(unscored)[0]).toBe("Shutdown score: not scored (no TypeScript or JavaScript sources found)");
    expect(unscored).not.toContain("Gates");
    expect(unscored).not.toContain("/100 ");
    expect(lines(unscored)).toContain("Rules: 20 not applicable");
    expect(unscored).not.toContain("SD001 no-termination-signal-handler: not applicable");
  });

  it("uses colour only when asked", () => {
    expect(hasAnsi(output)).toBe(false);
    const colored = formatText(sampleReport(), { color: true });
    expect(hasAnsi(colored)).toBe(true);
    expect(colored).toContain("\u001b[1m\u001b[31mcritical\u001b[39m\u001b[22m");
    expect(stripVTControlCharacters(colored)).toBe(output);
  });

  it("is deterministic whatever the order of the findings", () => {
    const shuffled: Report = { ...sampleReport(), findings: [...sampleReport().findings].reverse() };
    expect(formatText(shuffled, { color: false })).toBe(output);
  });

  it("neutralises terminal escapes and bidi controls from the audited repository", () => {
    const report = sampleReport();
    const [first] = report.findings;
    if (!first) throw new Error("sample report has findings");
    report.findings = [
      {
        ...first,
        file: "src/\u001b]8;;https://evil.example\u0007x.ts",
        message: "clears the screen \u001b[2J",
        excerpt: "const ok = true; /* \u202e } \u2066 */",
      },
    ];
    const text = formatText(report, { color: false });
    expect(["\u0007", "\u001b", "\u202e", "\u2066"].filter((character) => text.includes(character))).toEqual([]);
    expect(text).toContain("src/<U+001B>]8;;https://evil.example<U+0007>x.ts:12:1");
    expect(text).toContain("clears the screen <U+001B>[2J");
    expect(text).toContain("12 │ const ok = true; /* <U+202E> } <U+2066> */");
  });
});
