import { describe, expect, it } from "vitest";
import type { Finding, Report } from "../report.js";
import { sampleNotScoredReport, sampleReport } from "../test-support/sample-report.js";
import { escapeMarkdown, formatMarkdown } from "./markdown.js";

function blocks(output: string): string[] {
  return output.split("\n\n");
}

/** Cells of a table row, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

function tableAfter(output: string, heading: string): string[] {
  const start = blocks(output).indexOf(heading);
  const table = blocks(output)[start + 1];
  if (start < 0 || table === undefined) throw new Error(`no table after ${heading}`);
  return table.split("\n");
}

function hostileFinding(): Finding {
  const [first] = sampleReport().findings;
  if (!first) throw new Error("sample report has findings");
  return {
    ...first,
    file: "src/<img src=x onerror=alert(1)>|x.ts",
    message: "ping @octocat, see [here](javascript:alert(1)), costs $x$ *now* | # not a heading\nsecond line",
    excerpt: "const s = ```;\n</details><script>alert(1)</script>",
  };
}

describe("formatMarkdown", () => {
  const output = formatMarkdown(sampleReport());

  it("starts with a heading carrying score and grade, then the target and versions", () => {
    expect(blocks(output)[0]).toBe("## Lastcall shutdown score: 49/100 (grade F)");
    expect(blocks(output)[1]).toBe(
      "<sub>/home/dev/acme\\-mcp @ 3f2a9c1e8b7d · coverage 100% · lastcall 0\\.1\\.0, rule set 1\\.0\\.0</sub>",
    );
  });

  it("lists the gates that fired", () => {
    const gates = blocks(output)[2]?.split("\n");
    expect(gates?.[0]).toBe("**Gates that fired**");
    expect(gates?.slice(1).map((line) => line.slice(0, line.indexOf(":")))).toEqual([
      "- Capped at 49 by **SD003**",
      "- Capped at 79 by **SD002**",
      "- Capped at 79 by **SD016**",
    ]);
  });

  it("has a category table", () => {
    expect(tableAfter(output, "### Categories")).toEqual([
      "| Category | Weight | Score |",
      "| --- | ---: | ---: |",
      "| A · Lifecycle and signals | 25 | 64 |",
      "| B · Intake and drain | 20 | 91 |",
      "| C · Cancellation | 10 | 17 |",
      "| D · Resource release | 15 | 40 |",
      "| E · Durable logs and telemetry | 10 | 100 |",
      "| F · Secret hygiene | 10 | 80 |",
      "| G · Deployment | 10 | 33 |",
    ]);
  });

  it("has a findings table of the most severe findings, linking each rule to its docs", () => {
    const rows = tableAfter(output, "### Findings (8)");
    expect(rows[0]).toBe("| Severity | Rule | Location | Message |");
    expect(rows).toHaveLength(2 + 8);
    expect(rows[2]).toBe(
      "| **critical** (high confidence) | [SD003](https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD003-stdio-eof-not-handled.md) stdio\\-eof\\-not\\-handled | src/index\\.ts:41:1 | The stdio server never listens for stdin \\`end\\`/\\`close\\`; with a pg Pool and an interval alive it stays behind as an orphan process when the client disconnects\\. |",
    );
    expect(rows.slice(2).map((row) => cells(row)[2])).toEqual([
      "src/index\\.ts:41:1",
      "Dockerfile:12:1",
      "src/shutdown\\.ts:17:5",
      "src/browser\\.ts:7:17",
      "src/tools/fetch\\-page\\.ts:22:20",
      "src/tools/run\\-query\\.ts:15:18",
      "src/shutdown\\.ts:14:3",
      "src/config\\.ts:3:14",
    ]);
    expect(output).not.toContain("more.");
  });

  it("shows the top N findings and says how many more there are", () => {
    const short = formatMarkdown(sampleReport(), { maxFindings: 3 });
    expect(tableAfter(short, "### Findings (8)")).toHaveLength(2 + 3);
    expect(blocks(short)).toContain("…and 5 more.");
  });

  it("collapses every finding's details: message, excerpt in a fenced block, fix and docs", () => {
    expect(output).toContain(
      "<details>\n<summary>Details of all 8 findings</summary>\n\n#### SD016 container\\-signal\\-delivery at Dockerfile:12:1",
    );
    const sd002 = blocks(output).indexOf("#### SD002 abrupt\\-exit\\-in\\-shutdown at src/shutdown\\.ts:17:5");
    expect(blocks(output).slice(sd002, sd002 + 4)).toEqual([
      "#### SD002 abrupt\\-exit\\-in\\-shutdown at src/shutdown\\.ts:17:5",
      "**high** (high confidence): process\\.exit\\(0\\) runs right after \\`void server\\.close\\(\\)\\`: the close is not awaited\\.",
      "```ts\n    void server.close();\n    process.exit(0);\n```",
      "**How to fix:** Fix abrupt\\-exit\\-in\\-shutdown: make the shutdown path release it within the deadline\\. [Docs](https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD002-abrupt-exit-in-shutdown.md)",
    ]);
    expect(output).toContain("```dockerfile\nCMD npm start\n```");
  });

  it("caps the details and says how many were left out", () => {
    const short = formatMarkdown(sampleReport(), { maxDetails: 2 });
    expect(short.match(/^#### /gm)).toHaveLength(2);
    expect(blocks(short)).toContain("…and 6 more in the full report.");
  });

  it("lists suppressed findings apart with their reason", () => {
    expect(output).toContain("<summary>Suppressed findings (1, not counted)</summary>");
    expect(output).toContain(
      "| [SD009](https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD009-resource-left-open.md) resource\\-left\\-open | src/metrics\\.ts:9:1 | inline | the host wrapper unrefs every timer it is given |",
    );
    expect(output.match(/src\/metrics\\\.ts/g)).toHaveLength(1);
  });

  it("has a rule outcomes table with all 20 rules", () => {
    const start = blocks(output).indexOf("<details>\n<summary>Rule outcomes (7 of 20 failed)</summary>");
    const rows = blocks(output)[start + 1]?.split("\n") ?? [];
    expect(rows).toHaveLength(2 + 20);
    expect(rows).toContain("| SD003 | stdio\\-eof\\-not\\-handled | A | **fail** | 10 |  |");
    expect(rows).toContain("| SD011 | telemetry\\-not\\-flushed | E | not applicable | 0 | no telemetry SDK found |");
    expect(rows).toContain(
      "| SD006 | drain\\-deadline\\-exceeds\\-platform\\-grace | B | could not determine | 0 | the force\\-exit deadline comes from GRACE\\_MS, which has no default |",
    );
  });

  it("ends with the stats", () => {
    expect(output.endsWith("<sub>Files 14 · parsed 12 · skipped 1 · parse errors 1 · 1.83 s</sub>\n")).toBe(true);
  });

  it("says why a project is not scored", () => {
    const unscored = formatMarkdown(sampleNotScoredReport());
    expect(blocks(unscored).slice(0, 2)).toEqual(["## Lastcall shutdown score: not scored", "no TypeScript or JavaScript sources found."]);
    expect(unscored).not.toContain("### Categories");
    expect(blocks(unscored)).toContain("No findings.");
  });

  it("escapes Markdown and HTML in text that comes from the audited repository", () => {
    const report: Report = { ...sampleReport(), findings: [hostileFinding()] };
    const hostile = formatMarkdown(report);
    const outsideCode = hostile.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "");
    expect(outsideCode).not.toMatch(/<img|<script|<\/details><|\]\(javascript/);
    expect(hostile).not.toMatch(/@octocat/);
    const row = tableAfter(hostile, "### Findings (1)")[2] ?? "";
    expect(cells(row)).toHaveLength(4);
    expect(cells(row)[2]).toBe("src/&lt;img src=x onerror=alert\\(1\\)&gt;\\|x\\.ts:12:1");
    expect(cells(row)[3]).toBe(
      "ping @&#8203;octocat, see \\[here\\]\\(javascript:alert\\(1\\)\\), costs \\$x\\$ \\*now\\* \\| \\# not a heading second line",
    );
  });

  it("fences excerpts with more backticks than they contain, so they cannot break out", () => {
    const hostile = formatMarkdown({ ...sampleReport(), findings: [hostileFinding()] });
    expect(hostile).toContain("````ts\nconst s = ```;\n</details><script>alert(1)</script>\n````");
  });

  it("links only to https docs URLs", () => {
    const finding = { ...hostileFinding(), docsUrl: "javascript:alert(1)" };
    const output = formatMarkdown({ ...sampleReport(), findings: [finding] });
    expect(output).toContain("Docs (javascript:alert\\(1\\))");
    expect(output).not.toContain("](javascript");
  });

  it("is deterministic whatever the order of the findings", () => {
    const reversed = { ...sampleReport(), findings: [...sampleReport().findings].reverse() };
    expect(formatMarkdown(reversed)).toBe(output);
  });
});

describe("escapeMarkdown", () => {
  it("keeps plain words and escapes punctuation, HTML and mentions", () => {
    expect(escapeMarkdown("plain words 42")).toBe("plain words 42");
    expect(escapeMarkdown("a_b*c <b>&</b> @team")).toBe("a\\_b\\*c &lt;b&gt;&amp;&lt;/b&gt; @&#8203;team");
    expect(escapeMarkdown("line\r\nbreak\u001b[31m")).toBe("line break&lt;U\\+001B&gt;\\[31m");
  });
});
