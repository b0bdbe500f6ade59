import type { CategoryId, Severity } from "../report.js";
import { createRule, type Rule } from "../rules/rule.js";

interface SampleRuleRow {
  id: string;
  name: string;
  category: CategoryId;
  severity: Severity;
  title: string;
}

/** RULES.md's table (rule set v1): ids, names, categories and default severities. */
const rows: SampleRuleRow[] = [
  { id: "SD001", name: "no-termination-signal-handler", category: "A", severity: "high", title: "An entry point has no SIGTERM listener." },
  {
    id: "SD002",
    name: "abrupt-exit-in-shutdown",
    category: "A",
    severity: "high",
    title: "The shutdown path exits before its cleanup is awaited.",
  },
  {
    id: "SD003",
    name: "stdio-eof-not-handled",
    category: "A",
    severity: "high",
    title: "A stdio server does not shut down when stdin closes.",
  },
  {
    id: "SD004",
    name: "http-listener-not-closed",
    category: "B",
    severity: "high",
    title: "The listening HTTP server is never closed on shutdown.",
  },
  { id: "SD005", name: "unbounded-drain", category: "B", severity: "medium", title: "The shutdown awaits a drain with no deadline." },
  {
    id: "SD006",
    name: "drain-deadline-exceeds-platform-grace",
    category: "B",
    severity: "medium",
    title: "The drain deadline is longer than the platform's grace period.",
  },
  {
    id: "SD007",
    name: "tool-ignores-cancellation",
    category: "C",
    severity: "medium",
    title: "A tool handler ignores its cancellation signal.",
  },
  {
    id: "SD008",
    name: "intake-not-stopped-before-drain",
    category: "B",
    severity: "medium",
    title: "Resources are released before intake stops.",
  },
  { id: "SD009", name: "resource-left-open", category: "D", severity: "medium", title: "A long-lived handle is never closed on shutdown." },
  { id: "SD010", name: "logs-not-flushed", category: "E", severity: "medium", title: "A buffered log sink is not flushed before exit." },
  { id: "SD011", name: "telemetry-not-flushed", category: "E", severity: "medium", title: "Telemetry is not flushed on shutdown." },
  { id: "SD012", name: "credentials-retained", category: "F", severity: "low", title: "Secrets stay in long-lived state." },
  {
    id: "SD013",
    name: "secret-leases-not-revoked",
    category: "F",
    severity: "medium",
    title: "Secret-manager leases are not revoked on shutdown.",
  },
  {
    id: "SD014",
    name: "crash-handler-missing-or-unsafe",
    category: "E",
    severity: "medium",
    title: "Crash handlers resume or exit without cleanup.",
  },
  { id: "SD015", name: "non-idempotent-shutdown", category: "A", severity: "medium", title: "The shutdown routine can run twice." },
  {
    id: "SD016",
    name: "container-signal-delivery",
    category: "G",
    severity: "high",
    title: "The container does not deliver SIGTERM to node.",
  },
  {
    id: "SD017",
    name: "orchestrator-grace-too-short",
    category: "G",
    severity: "medium",
    title: "The orchestrator's grace period is shorter than the app's deadline.",
  },
  { id: "SD018", name: "async-cleanup-in-exit-event", category: "A", severity: "medium", title: "Async cleanup runs in an exit listener." },
  {
    id: "SD019",
    name: "library-signal-listener-masks-default-exit",
    category: "A",
    severity: "info",
    title: "A library's signal listener disables Node's default exit.",
  },
  { id: "SD020", name: "http-session-lifecycle", category: "B", severity: "medium", title: "HTTP sessions are never closed or expired." },
];

/**
 * Rule metadata for formatter and CLI tests, independent of the real rule modules so that
 * those tests do not change when a rule's wording does.
 */
export function sampleRules(): Rule[] {
  return rows.map((row) =>
    createRule({
      meta: {
        ...row,
        rationale: `Why ${row.name} matters: an abrupt shutdown loses work and leaks what the process holds.`,
        remediation: `Fix ${row.name}: make the shutdown path release it within the deadline.`,
        messages: { default: "{what} is not handled." },
      },
      check: () => undefined,
    }),
  );
}
