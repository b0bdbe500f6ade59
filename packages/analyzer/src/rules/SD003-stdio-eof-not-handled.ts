import type { EntryPoint, OpenedResource, ProjectModel, SourceSpan, Trigger } from "../model/types.js";
import { createRule, type FindingDraft } from "./rule.js";
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
      streamOrphan:
        "The stdio transport reads `{stream}`, not process.stdin, and nothing listens for that stream's `end`/`close` while the server holds live handles ({handles}): when the client disconnects, the process stays behind as an orphan.",
      streamCleanupSkipped:
        "The stdio transport reads `{stream}`, not process.stdin, and nothing listens for that stream's `end`/`close`: on EOF the process drifts out without running its shutdown ({cleanup}).",
      streamOneEvent:
        "`{stream}` `{handled}` starts the shutdown, but `{missing}` does not: listen for both on the stream the stdio transport reads.",
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
      const inputs = model.stdioInputs.filter((input) => closure.has(input.at.file));
      const unresolvedInput = inputs.find((input) => input.input.kind === "unresolved");
      if (unresolvedInput?.input.kind === "unresolved") {
        undetermined.push(unresolvedInput.input.reason);
        continue;
      }
      const eofTriggers = model.triggers.filter((trigger) => trigger.kind === "stdin-eof" && inClosure(trigger));
      const fromStdin = eofTriggers.filter((trigger) => trigger.stream === undefined);
      // The transport reads process.stdin unless every transport in the closure was given its own stream.
      const sources: EofSource[] = [];
      if (inputs.length === 0 || inputs.some((input) => input.input.kind === "process-stdin")) {
        sources.push({ triggers: fromStdin, name: "stdin" });
      }
      for (const { at, input } of inputs) {
        if (input.kind !== "stream") continue;
        const own = eofTriggers.filter((trigger) => trigger.stream === input.binding);
        sources.push({ triggers: input.fedByStdin ? [...own, ...fromStdin] : own, name: input.text, stream: { text: input.text, at } });
      }
      for (const source of sources) {
        const verdict = judgeSource(model, entry, closure, source);
        if (verdict.finding) report(verdict.finding);
        if (verdict.undetermined) undetermined.push(verdict.undetermined);
        if (verdict.pass) passReason = verdict.pass;
      }
    }
    if (undetermined.length > 0) return { outcome: "could_not_determine", reason: undetermined.join("; ") };
    return passReason ? { outcome: "pass", reason: passReason } : undefined;
  },
});

/** A stream whose EOF should start the shutdown: process.stdin, or the one a transport was given. */
interface EofSource {
  /** EOF listeners on it. */
  triggers: Trigger[];
  /** `stdin`, or the stream argument as written. */
  name: string;
  /** Set for a transport's own input stream: the argument and the `new StdioServerTransport(…)` site. */
  stream?: { text: string; at: SourceSpan };
}

function judgeSource(
  model: ProjectModel,
  entry: EntryPoint,
  closure: Set<string>,
  source: EofSource,
): { finding?: FindingDraft; undetermined?: string; pass?: string } {
  const { stream } = source;
  const reaching = source.triggers.filter(reachesShutdown);
  const handled = new Set(reaching.flatMap((trigger) => trigger.events));
  if (handled.has("end") && handled.has("close")) return {};
  const first = reaching[0];
  if (first) {
    const [handledEvent, missing] = handled.has("end") ? ["end", "close"] : ["close", "end"];
    const data: Record<string, string> = { handled: handledEvent, missing, ...(stream ? { stream: stream.text } : {}) };
    return { finding: { messageId: stream ? "streamOneEvent" : "oneEvent", data, at: first.at, severity: "low", confidence: "medium" } };
  }
  const unclear = source.triggers.find((trigger) => !trigger.path || trigger.path.unresolved.length > 0);
  if (unclear) {
    return {
      undetermined: `the ${source.name} ${unclear.events.join("/")} listener at ${unclear.at.file}:${unclear.at.line} calls code that could not be resolved`,
    };
  }
  const live = model.opened.filter((resource) => closure.has(resource.at.file) && isLiveHandle(resource));
  const at = stream?.at ?? entryPointSpan(model, entry, "stdio");
  const named: Record<string, string> = stream ? { stream: stream.text } : {};
  if (live.length > 0) {
    const data = { handles: describe(live), ...named };
    return { finding: { messageId: stream ? "streamOrphan" : "orphan", data, at, severity: "critical", confidence: "high" } };
  }
  const skipped = skippedCleanup(model, closure);
  if (skipped) {
    const data = { cleanup: skipped, ...named };
    return { finding: { messageId: stream ? "streamCleanupSkipped" : "cleanupSkipped", data, at, confidence: "medium" } };
  }
  return { pass: "holds no live handles; exits by itself on EOF" };
}

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
