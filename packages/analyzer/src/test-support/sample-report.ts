import type { CategoryScore, Finding, Report, RuleResult } from "../report.js";
import { SCHEMA_VERSION } from "../report.js";
import { DOCS_BASE_URL } from "../rules/rule.js";
import { sampleRules } from "./sample-rules.js";

const categories: CategoryScore[] = [
  { id: "A", name: "Lifecycle and signals", weight: 25, score: 64 },
  { id: "B", name: "Intake and drain", weight: 20, score: 91 },
  { id: "C", name: "Cancellation", weight: 10, score: 17 },
  { id: "D", name: "Resource release", weight: 15, score: 40 },
  { id: "E", name: "Durable logs and telemetry", weight: 10, score: 100 },
  { id: "F", name: "Secret hygiene", weight: 10, score: 80 },
  { id: "G", name: "Deployment", weight: 10, score: 33 },
];

/** Outcomes that differ from a plain pass, with the points RULES.md's scoring gives them. */
const outcomes: Record<string, Pick<RuleResult, "outcome" | "reason" | "points">> = {
  SD002: { outcome: "fail", points: 7.5 },
  SD003: { outcome: "fail", points: 10 },
  SD005: { outcome: "fail", points: 3 },
  SD006: {
    outcome: "could_not_determine",
    reason: "the force-exit deadline comes from GRACE_MS, which has no default",
    points: 0,
  },
  SD007: { outcome: "fail", points: 6.25 },
  SD009: { outcome: "fail", points: 4.5 },
  SD011: { outcome: "not_applicable", reason: "no telemetry SDK found", points: 0 },
  SD012: { outcome: "fail", points: 0.75 },
  SD013: { outcome: "not_applicable", reason: "no secret-manager client found", points: 0 },
  SD016: { outcome: "fail", points: 7.5 },
  SD017: { outcome: "not_applicable", reason: "no Kubernetes, compose or systemd files", points: 0 },
};

function ruleResults(): RuleResult[] {
  return sampleRules().map(({ meta }) => ({
    id: meta.id,
    name: meta.name,
    category: meta.category,
    severity: meta.severity,
    ...(outcomes[meta.id] ?? { outcome: "pass", points: 0 }),
  }));
}

type FindingInput = Omit<Finding, "ruleName" | "category" | "docsUrl" | "remediation">;

function finding(input: FindingInput): Finding {
  const rule = sampleRules().find(({ meta }) => meta.id === input.ruleId);
  if (!rule) throw new Error(`sample report: unknown rule ${input.ruleId}`);
  return {
    ...input,
    ruleName: rule.meta.name,
    category: rule.meta.category,
    remediation: rule.meta.remediation,
    docsUrl: `${DOCS_BASE_URL}${rule.meta.id}-${rule.meta.name}.md`,
  };
}

/**
 * A realistic report of a stdio + HTTP server with a Dockerfile: findings in five categories,
 * one suppressed finding, both gates, not-applicable and could-not-determine rules. Findings are
 * deliberately not in output order, so formatters must sort. Returns a fresh copy on every call.
 */
export function sampleReport(): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "lastcall", version: "0.1.0", rulesetVersion: "1.0.0" },
    target: { path: "/home/dev/acme-mcp", commit: "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39" },
    scored: true,
    score: 49,
    grade: "F",
    coverage: 1,
    gates: [
      {
        id: "critical-finding",
        cap: 49,
        ruleId: "SD003",
        message: "A high-confidence critical finding (SD003 stdio-eof-not-handled) caps the score at 49.",
      },
      {
        id: "high-finding",
        cap: 79,
        ruleId: "SD002",
        message: "A high-confidence high finding (SD002 abrupt-exit-in-shutdown) caps the score at 79.",
      },
      {
        id: "high-finding",
        cap: 79,
        ruleId: "SD016",
        message: "A high-confidence high finding (SD016 container-signal-delivery) caps the score at 79.",
      },
    ],
    categories: structuredClone(categories),
    rules: ruleResults(),
    findings: [
      finding({
        ruleId: "SD016",
        severity: "high",
        confidence: "high",
        message: "`CMD npm start` runs the server under npm, which does not forward SIGTERM to node.",
        file: "Dockerfile",
        line: 12,
        column: 1,
        endLine: 12,
        endColumn: 14,
        excerpt: "CMD npm start",
        fingerprint: "6a1f0c2d9e8b7a6f5e4d3c2b1a0f9e8d",
      }),
      finding({
        ruleId: "SD007",
        severity: "medium",
        confidence: "high",
        message: "Tool `run_query` runs pool.query() without the request's abort signal.",
        file: "src/tools/run-query.ts",
        line: 15,
        column: 18,
        endLine: 15,
        endColumn: 42,
        excerpt: "    const rows = await pool.query(sql, params);",
        fingerprint: "0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e",
      }),
      finding({
        ruleId: "SD003",
        severity: "critical",
        confidence: "high",
        message:
          "The stdio server never listens for stdin `end`/`close`; with a pg Pool and an interval alive it stays behind as an orphan process when the client disconnects.",
        file: "src/index.ts",
        line: 41,
        column: 1,
        endLine: 41,
        endColumn: 50,
        excerpt: "await server.connect(new StdioServerTransport());",
        fingerprint: "c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8",
      }),
      finding({
        ruleId: "SD002",
        severity: "high",
        confidence: "high",
        message: "process.exit(0) runs right after `void server.close()`: the close is not awaited.",
        file: "src/shutdown.ts",
        line: 17,
        column: 5,
        endLine: 18,
        endColumn: 20,
        excerpt: "    void server.close();\n    process.exit(0);",
        fingerprint: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
      }),
      finding({
        ruleId: "SD005",
        severity: "medium",
        confidence: "medium",
        message: "`await httpServer.close()` has no deadline: open SSE streams keep it waiting forever.",
        file: "src/shutdown.ts",
        line: 14,
        column: 3,
        endLine: 14,
        endColumn: 43,
        excerpt: "  await new Promise((r) => httpServer.close(r));",
        fingerprint: "1a2b3c4d5e6f708192a3b4c5d6e7f809",
      }),
      finding({
        ruleId: "SD007",
        severity: "medium",
        confidence: "high",
        message: "Tool `fetch_page` calls fetch() without passing `extra.signal`; a cancelled call keeps downloading.",
        file: "src/tools/fetch-page.ts",
        line: 22,
        column: 20,
        endLine: 22,
        endColumn: 35,
        excerpt: "  const response = await fetch(url);",
        fingerprint: "2b3c4d5e6f708192a3b4c5d6e7f8091a",
      }),
      finding({
        ruleId: "SD009",
        severity: "high",
        confidence: "medium",
        message: "The Puppeteer browser opened here is never closed on the shutdown path.",
        file: "src/browser.ts",
        line: 7,
        column: 17,
        endLine: 7,
        endColumn: 42,
        excerpt: "const browser = await puppeteer.launch();",
        fingerprint: "3c4d5e6f708192a3b4c5d6e7f8091a2b",
      }),
      finding({
        ruleId: "SD012",
        severity: "low",
        confidence: "low",
        message: "`API_TOKEN` is kept in module state for the life of the process and never dropped.",
        file: "src/config.ts",
        line: 3,
        column: 14,
        endLine: 3,
        endColumn: 44,
        excerpt: "export const apiToken = process.env.API_TOKEN;",
        fingerprint: "4d5e6f708192a3b4c5d6e7f8091a2b3c",
      }),
      finding({
        ruleId: "SD009",
        severity: "medium",
        confidence: "high",
        message: "The setInterval started here is never cleared or unref'd.",
        file: "src/metrics.ts",
        line: 9,
        column: 1,
        endLine: 9,
        endColumn: 35,
        excerpt: "setInterval(reportMetrics, 60_000);",
        fingerprint: "5e6f708192a3b4c5d6e7f8091a2b3c4d",
        suppressed: { source: "inline", reason: "the host wrapper unrefs every timer it is given" },
      }),
    ],
    entryPoints: [
      { file: "src/index.ts", profiles: ["stdio"], reason: "connects a StdioServerTransport" },
      { file: "src/http.ts", profiles: ["http"], reason: "calls app.listen()" },
    ],
    stats: {
      files: 14,
      parsed: 12,
      skipped: [{ file: "vendor/pdf.min.js", reason: "vendored file" }],
      parseErrors: [{ file: "src/legacy/old.js", line: 3, message: "Unexpected token '<'" }],
      notes: ["GRACE_MS is read from the environment with no default"],
      durationMs: 1834,
    },
  };
}

/** A directory with no TypeScript/JavaScript sources: not scored, every rule not applicable. */
export function sampleNotScoredReport(): Report {
  const reason = "no TypeScript or JavaScript sources found";
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "lastcall", version: "0.1.0", rulesetVersion: "1.0.0" },
    target: { path: "/home/dev/docs-only" },
    scored: false,
    notScoredReason: reason,
    score: null,
    grade: null,
    coverage: 0,
    gates: [],
    categories: categories.map((category) => ({ ...category, score: null })),
    rules: ruleResults().map((rule) => ({ ...rule, outcome: "not_applicable", reason, points: 0 })),
    findings: [],
    entryPoints: [],
    stats: { files: 3, parsed: 0, skipped: [], parseErrors: [], notes: [], durationMs: 12 },
  };
}
