import type { OpenedResource, PathStep, SourceSpan, Trigger, TriggerKind } from "../model/types.js";
import { createRule } from "./rule.js";

/** Paths that can end the process; `exit` listeners cannot wait for anything (SD018's concern). */
const ENDING_TRIGGERS: ReadonlySet<TriggerKind> = new Set(["signal", "stdin-eof", "onclose", "crash", "library", "watchdog", "before-exit"]);

const spanKey = (span: SourceSpan): string => `${span.file}:${span.line}:${span.column}`;

/** A flush of the sink itself, or of the pino/winston logger that writes to it (the model does not link the two). */
function flushes(step: PathStep, sink: OpenedResource): boolean {
  const { action } = step;
  if (action.type !== "flush" && action.type !== "close") return false;
  const resource = action.resource;
  return !!resource && (resource.id === sink.id || (resource.kind === "logger" && resource.library === sink.library));
}

/** `flushSync()` completes before it returns; everything else must be awaited (or continued) before the exit. */
function completes(step: PathStep): boolean {
  return step.awaited || (step.action.type === "flush" && step.action.method === "flushSync");
}

/**
 * Where the path ends the process: its first exit that is not a deadline timer's, or, for an
 * accepted shutdown library, the exit the library performs once the callback settles.
 */
function endOf(trigger: Trigger, steps: PathStep[]): { index: number; at: SourceSpan; what: string } | undefined {
  const index = steps.findIndex((step) => step.action.type === "exit" && !step.deferred);
  const step = steps[index];
  if (step) return { index, at: step.at, what: `${step.callee}()` };
  if (trigger.kind === "library") return { index: steps.length, at: trigger.at, what: `${trigger.library ?? "the shutdown library"}'s exit after the callback` };
  return undefined;
}

const describeSink = (sink: OpenedResource): string => `${sink.description} (${sink.at.file}:${sink.at.line})`;

export default createRule({
  meta: {
    id: "SD010",
    name: "logs-not-flushed",
    category: "E",
    severity: "medium",
    title: "A buffered log sink is not flushed before exit.",
    rationale:
      "Asynchronous log sinks (pino with sync:false or a transport, winston file and HTTP transports, write streams) buffer lines in memory or in a worker thread. process.exit() ends the process without waiting for them, so the last lines, usually the ones that explain the shutdown or the crash, are never written. For audit logs that is a gap in the record.",
    remediation:
      "Before exiting, wait for the sink: `await new Promise((resolve) => logger.flush(resolve))` for pino, `logger.end()` and wait for its 'finish' event for winston and streams, within the shutdown deadline. Or set process.exitCode and let the event loop drain instead of calling process.exit().",
    messages: {
      exitBeforeFlush: "{exit} ends the process before the buffered {sink} is flushed; its last log lines are lost.",
      flushNotAwaited: "{exit} ends the process without waiting for the flush of {sink} at line {flushLine}; its last log lines are lost.",
    },
  },
  check({ model, report }) {
    const sinks = model.opened.filter(
      (resource) => resource.kind === "logger" && resource.traits.includes("async-log") && resource.scope !== "request" && !resource.closedLocally,
    );
    if (sinks.length === 0) return { outcome: "not_applicable", reason: "no buffered log sink found (synchronous loggers lose nothing on exit)" };

    const reported = new Set<string>();
    const unsure: string[] = [];
    let explicitExits = 0;
    for (const trigger of model.triggers) {
      if (!ENDING_TRIGGERS.has(trigger.kind)) continue;
      if (!trigger.path) {
        unsure.push(`the ${trigger.kind} handler at ${trigger.at.file}:${trigger.at.line} could not be followed`);
        continue;
      }
      const { steps, unresolved } = trigger.path;
      const end = endOf(trigger, steps);
      if (!end) continue;
      explicitExits++;
      if (reported.has(spanKey(end.at))) continue;
      const before = steps.slice(0, end.index);
      const lost = sinks
        .map((sink) => ({ sink, flush: before.find((step) => flushes(step, sink)) }))
        .filter(({ flush }) => !flush || !completes(flush));
      if (lost.length === 0) continue;
      const beforeKeys = new Set(before.map((step) => spanKey(step.at)));
      const hidden = unresolved.filter((call) => beforeKeys.has(spanKey(call.at)));
      const unknownReceiver = before.filter((step) => (step.action.type === "flush" || step.action.type === "close") && !step.action.resource);
      if (lost.every(({ flush }) => !flush) && (hidden.length > 0 || unknownReceiver.length > 0)) {
        const what = hidden[0]?.callee ?? unknownReceiver[0]?.callee;
        unsure.push(`before ${end.what} at ${end.at.file}:${end.at.line}, ${what}() could not be resolved and may flush the log`);
        continue;
      }
      reported.add(spanKey(end.at));
      const worst = lost.find(({ sink }) => sink.traits.includes("audit-log")) ?? (lost[0] as (typeof lost)[number]);
      const severity = lost.some(({ sink }) => sink.traits.includes("audit-log")) ? "high" : "medium";
      if (worst.flush) {
        report({
          messageId: "flushNotAwaited",
          data: { exit: end.what, sink: describeSink(worst.sink), flushLine: worst.flush.at.line },
          at: end.at,
          severity,
          confidence: "high",
        });
      } else {
        report({ messageId: "exitBeforeFlush", data: { exit: end.what, sink: describeSink(worst.sink) }, at: end.at, severity, confidence: "high" });
      }
    }
    if (reported.size > 0) return undefined;
    if (unsure.length > 0) return { outcome: "could_not_determine", reason: unsure.join("; ") };
    if (explicitExits === 0) {
      return { outcome: "pass", reason: "no shutdown or crash path calls process.exit(); buffered log lines are written before the event loop drains" };
    }
    return { outcome: "pass", reason: "every exit waits for the log sinks to flush" };
  },
});
