import type { Report } from "../report.js";
import { sortFindings } from "./findings.js";

/**
 * Object keys in code-point order at every level, so the same report always serialises to the
 * same bytes however it was built (by `analyze`, or read back from a database that reorders
 * keys).
 */
function withSortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** The JSON report (`report.schema.json`): findings sorted by location, 2-space indent, trailing newline. */
export function formatJson(report: Report): string {
  return `${JSON.stringify({ ...report, findings: sortFindings(report.findings) }, withSortedKeys, 2)}\n`;
}
