import { describe, expect, it } from "vitest";
import { sampleReport } from "../test-support/sample-report.js";
import { sampleRules } from "../test-support/sample-rules.js";
import { formatReport, REPORT_FORMATS } from "./index.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

describe("formatReport", () => {
  const rules = sampleRules();

  it("offers text, json, sarif and markdown", () => {
    expect(REPORT_FORMATS).toEqual(["text", "json", "sarif", "markdown"]);
  });

  it("dispatches to each format's formatter with its options", () => {
    const report = sampleReport();
    expect(formatReport(report, "text", { rules, color: true })).toBe(formatText(report, { color: true }));
    expect(formatReport(report, "text", { rules })).toBe(formatText(report, { color: false }));
    expect(formatReport(report, "json", { rules })).toBe(formatJson(report));
    expect(formatReport(report, "sarif", { rules })).toBe(formatSarif(report, rules));
    expect(formatReport(report, "markdown", { rules, markdown: { maxFindings: 2 } })).toBe(formatMarkdown(report, { maxFindings: 2 }));
  });

  it("ends every format with a newline", () => {
    for (const format of REPORT_FORMATS) {
      expect(formatReport(sampleReport(), format, { rules }).endsWith("\n")).toBe(true);
    }
  });
});
