import { describe, expect, it } from "vitest";
import type { ChangedLines } from "./changed-lines.js";
import { checkRunAnnotations } from "./check-run-annotations.js";
import { finding } from "./test-support/finding.js";

describe("checkRunAnnotations", () => {
  const changed: ChangedLines = new Map<string, Set<number> | "all">([
    ["src/server.ts", new Set([10, 11, 30])],
    ["src/new.ts", "all"],
  ]);

  it("annotates findings on changed lines with GitHub's fields", () => {
    const onChange = finding({ line: 10, endLine: 12, excerpt: "process.on('SIGINT', ...)" });
    expect(checkRunAnnotations([onChange], changed)).toEqual([
      {
        path: "src/server.ts",
        start_line: 10,
        end_line: 12,
        annotation_level: "failure",
        title: "SD003 no-signal-handler",
        message: "SIGTERM is not handled\n\nHow to fix: Handle SIGTERM and close the server.\n\nhttps://lastcall.dev/rules/SD003",
        raw_details: "process.on('SIGINT', ...)",
      },
    ]);
  });

  it("maps severities to levels", () => {
    const levels = (["critical", "high", "medium", "low", "info"] as const).map(
      (severity) => checkRunAnnotations([finding({ severity, file: "src/new.ts" })], changed)[0]?.annotation_level,
    );
    expect(levels).toEqual(["failure", "failure", "warning", "notice", "notice"]);
  });

  it("skips findings off the changed lines, in unchanged files, and suppressed ones", () => {
    const findings = [
      finding({ line: 20 }),
      finding({ file: "src/other.ts", line: 10 }),
      finding({ line: 30, suppressed: { source: "inline", reason: "ok" } }),
    ];
    expect(checkRunAnnotations(findings, changed)).toEqual([]);
  });

  it("keeps a finding whose range reaches a changed line", () => {
    expect(checkRunAnnotations([finding({ line: 25, endLine: 32 })], changed)).toHaveLength(1);
    expect(checkRunAnnotations([finding({ line: 25, endLine: 29 })], changed)).toHaveLength(0);
  });

  it("annotates anywhere in a file that is new in the pull request", () => {
    expect(checkRunAnnotations([finding({ file: "src/new.ts", line: 999 })], changed)).toHaveLength(1);
  });

  it("orders by severity, path and line, and caps the count", () => {
    const findings = [
      finding({ file: "src/new.ts", line: 5, severity: "low" }),
      finding({ file: "src/new.ts", line: 2, severity: "critical" }),
      finding({ file: "src/new.ts", line: 1, severity: "low" }),
    ];
    expect(checkRunAnnotations(findings, changed).map((annotation) => annotation.start_line)).toEqual([2, 1, 5]);
    expect(checkRunAnnotations(findings, changed, 2)).toHaveLength(2);
  });

  it("keeps long messages and excerpts within GitHub's limits", () => {
    const [annotation] = checkRunAnnotations(
      [finding({ file: "src/new.ts", message: "x".repeat(100_000), excerpt: "y".repeat(100_000) })],
      changed,
    );
    expect(annotation?.message.length).toBeLessThanOrEqual(4_000);
    expect(annotation?.raw_details?.length).toBeLessThanOrEqual(4_000);
  });
});
