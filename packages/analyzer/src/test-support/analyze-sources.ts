import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AnalyzeOptions, analyze } from "../analyze.js";
import type { Finding, Outcome, Report, RuleResult } from "../report.js";

const DEFAULT_MANIFEST = JSON.stringify({ name: "fixture-server", version: "0.0.0", type: "module" }, null, 2);

/**
 * Runs the whole analyzer over a few source files: writes them (plus a package.json when none is
 * given) into a fresh temporary directory, analyzes it and removes it. Paths are relative, `/`-separated.
 */
export async function analyzeSources(files: Record<string, string>, options?: AnalyzeOptions): Promise<Report> {
  const dir = await mkdtemp(path.join(tmpdir(), "lastcall-sources-"));
  try {
    const withManifest = "package.json" in files ? files : { ...files, "package.json": DEFAULT_MANIFEST };
    for (const [file, text] of Object.entries(withManifest)) {
      const target = path.join(dir, ...file.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    return await analyze(dir, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The findings of one rule, suppressed ones included, in report order. */
export function findingsOf(report: Report, ruleId: string): Finding[] {
  return report.findings.filter((finding) => finding.ruleId === ruleId);
}

/** One rule's result (outcome, reason, points); throws when the rule did not run. */
export function resultOf(report: Report, ruleId: string): RuleResult {
  const result = report.rules.find((rule) => rule.id === ruleId);
  if (!result) throw new Error(`rule ${ruleId} is not in the report`);
  return result;
}

export function outcomeOf(report: Report, ruleId: string): Outcome {
  return resultOf(report, ruleId).outcome;
}

/** Joins source lines, so a test reads like the file it writes. */
export const source = (...lines: string[]): string => lines.join("\n");

/** A stdio MCP server with nothing else: the base most rule tests add to. */
export const STDIO_SERVER_LINES = [
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
  "",
  'const server = new McpServer({ name: "notes", version: "1.0.0" });',
  "await server.connect(new StdioServerTransport());",
];
