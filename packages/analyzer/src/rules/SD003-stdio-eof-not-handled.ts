import type { OpenedResource, ProjectModel, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { entryPointSpan, isLiveHandle } from "./shared-facts.js";

/** Steps that show an EOF listener actually shuts something down (not just logs). */
const SHUTDOWN_ACTIONS = new Set(["exit", "close", "flush", "revoke", "stop-intake", "clear-timer", "abort"]);
/** Triggers that run cleanup the process skips when it just drifts out on EOF. */
const OTHER_SHUTDOWN_KINDS = new Set<Trigger["kind"]>(["signal", "library", "onclose", "crash"]);
const MAX_LISTED = 3;

export default createRule({
  meta: {
    id: "SD003",
    name: "stdio-eof-not-handled",
    category: "A",
    severity: "high",
    title: "A stdio server does not shut down when stdin closes.",
    rationale:
      "MCP clients stop a stdio server by closing its stdin; the official SDK's StdioServerTransport ignores EOF and onclose never fires (typescript-sdk#2002). A server holding a pool, socket, timer or browser stays behind as an orphan process.",
    remediation:
      'Listen for both `end` and `close` on process.stdin and call the idempotent shutdown routine from both, bounded to about 1.5 s: `process.stdin.once("end", () => void shutdown("stdin end"))`, same for `close`. A parent-death watchdog (`process.ppid` check on an unref\'d interval) is a good second line.',
    messages: {
      orphan:
        "The stdio server never listens for stdin `end`/`close` while it holds live handles ({handles}): when the client disconnects, the process stays behind as an orphan.",
      cleanupSkipped:
        "The stdio server never listens for stdin `end`/`close`: on EOF the process drifts out without running its shutdown ({cleanup}).",
      oneEvent:
        "stdin `{handled}` starts the shutdown, but `{missing}` does not: listen for both so that every way the pipe closes reaches the routine.",
    },
  },
  check({ model, report }) {
    const stdioEntries = model.entryPoints.filter((entry) => entry.profiles.includes("stdio") && !entry.serverless);
    if (stdioEntries.length === 0) return { outcome: "not_applicable", reason: "no stdio transport" };
    const undetermined: string[] = [];
    let passReason: string | undefined;

    for (const entry of stdioEntries) {
      const closure = new Set(entry.closure);
      const inClosure = (trigger: Trigger) => closure.has(trigger.at.file);
      if (model.triggers.some((trigger) => trigger.kind === "watchdog" && inClosure(trigger))) continue;
      const eofTriggers = model.triggers.filter((trigger) => trigger.kind === "stdin-eof" && inClosure(trigger));
      const reaching = eofTriggers.filter(reachesShutdown);
      const handled = new Set(reaching.flatMap((trigger) => trigger.events));
      if (handled.has("end") && handled.has("close")) continue;
      const first = reaching[0];
      if (first) {
        const [handledEvent, missing] = handled.has("end") ? ["end", "close"] : ["close", "end"];
        report({ messageId: "oneEvent", data: { handled: handledEvent, missing }, at: first.at, severity: "low", confidence: "medium" });
        continue;
      }
      const unclear = eofTriggers.find((trigger) => !trigger.path || trigger.path.unresolved.length > 0);
      if (unclear) {
        undetermined.push(
          `the stdin ${unclear.events.join("/")} listener at ${unclear.at.file}:${unclear.at.line} calls code that could not be resolved`,
        );
        continue;
      }
      const live = model.opened.filter((resource) => closure.has(resource.at.file) && isLiveHandle(resource));
      const at = entryPointSpan(model, entry, "stdio");
      if (live.length > 0) {
        report({ messageId: "orphan", data: { handles: describe(live) }, at, severity: "critical", confidence: "high" });
        continue;
      }
      const skipped = skippedCleanup(model, closure);
      if (skipped) {
        report({ messageId: "cleanupSkipped", data: { cleanup: skipped }, at, confidence: "medium" });
        continue;
      }
      passReason = "holds no live handles; exits by itself on EOF";
    }
    if (undetermined.length > 0) return { outcome: "could_not_determine", reason: undetermined.join("; ") };
    return passReason ? { outcome: "pass", reason: passReason } : undefined;
  },
});

function reachesShutdown(trigger: Trigger): boolean {
  return trigger.path?.steps.some((step) => SHUTDOWN_ACTIONS.has(step.action.type)) ?? false;
}

function describe(resources: OpenedResource[]): string {
  const names = resources
    .slice(0, MAX_LISTED)
    .map((resource) => `a ${resource.description} (line ${resource.at.line} of ${resource.at.file})`);
  const more = resources.length > MAX_LISTED ? ` and ${resources.length - MAX_LISTED} more` : "";
  return `${names.join(", ")}${more}`;
}

/**
 * Work the other shutdown paths do that matters even when nothing holds the loop open: flushing
 * telemetry and logs, revoking leases. Closing the MCP server itself does not count.
 */
function skippedCleanup(model: ProjectModel, closure: Set<string>): string | undefined {
  for (const trigger of model.triggers) {
    if (!OTHER_SHUTDOWN_KINDS.has(trigger.kind) || !closure.has(trigger.at.file)) continue;
    const step = trigger.path?.steps.find((candidate) => candidate.action.type === "flush" || candidate.action.type === "revoke");
    if (step) return `\`${step.callee}\` on line ${step.at.line} of ${step.at.file}`;
  }
  return undefined;
}
