import type { Report } from "../report.js";
import type { Rule } from "../rules/rule.js";
import { formatJson } from "./json.js";
import { formatMarkdown, type MarkdownFormatOptions } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

export const REPORT_FORMATS = ["text", "json", "sarif", "markdown"] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface FormatOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
  /** Every rule's metadata, for SARIF's `tool.driver.rules`. */
  rules: readonly Rule[];
  markdown?: MarkdownFormatOptions;
}

const formatters: Record<ReportFormat, (report: Report, options: FormatOptions) => string> = {
  text: (report, options) => formatText(report, { color: options.color ?? false }),
  json: (report) => formatJson(report),
  sarif: (report, options) => formatSarif(report, options.rules),
  markdown: (report, options) => formatMarkdown(report, options.markdown),
};

export function formatReport(report: Report, format: ReportFormat, options: FormatOptions): string {
  return formatters[format](report, options);
}
