/** The analyzer as a library: what the worker, the web app and other tools import. */
export { AnalyzeInputError, type AnalyzeOptions, analyze } from "./analyze.js";
export { ConfigError } from "./config/load-config.js";
export { type FormatOptions, formatReport, REPORT_FORMATS, type ReportFormat } from "./format/index.js";
export type * from "./report.js";
export { SCHEMA_VERSION } from "./report.js";
export { allRules } from "./rules/index.js";
export type { Rule, RuleMeta } from "./rules/rule.js";
export { findRule, readRuleDoc } from "./rules/rule-docs.js";
export { CATEGORIES, gradeFor } from "./scoring/categories.js";
export { ANALYZER_VERSION, RULESET_VERSION, TOOL_NAME } from "./version.js";
