import type { OpenedResource, PathStep, ProjectModel, SourceSpan, Trigger, TriggerKind } from "../model/types.js";
import { createRule } from "./rule.js";
import { runsUnconditionally, spanKey, within } from "./shared-facts.js";

/** Paths that can end the process; `exit` listeners cannot wait for anything (SD018's concern). */
const ENDING_TRIGGERS: ReadonlySet<TriggerKind> = new Set([
  "signal",
  "stdin-eof",
  "onclose",
  "crash",
  "library",
  "watchdog",
  "before-exit",
]);

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

interface PathEnd {
  index: number;
  at: SourceSpan;
  what: string;
}

/**
 * Where a path ends the process: its first unconditional exit that is not a deadline timer's, or,
 * for an accepted shutdown library, the exit the library performs once the callback settles.
 */
function endOf(model: ProjectModel, trigger: Trigger, steps: PathStep[]): PathEnd | undefined {
  const index = steps.findIndex((step, at) => step.action.type === "exit" && !step.deferred && runsUnconditionally(model, steps, at));
  const step = steps[index];
  if (step) return { index, at: step.at, what: `${step.callee}()` };
  if (trigger.kind === "library")
    return { index: steps.length, at: trigger.at, what: `${trigger.library ?? "the shutdown library"}'s exit after its callback` };
  return undefined;
}

const place = (span: SourceSpan): string => `${span.file}:${span.line}`;

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
      exitBeforeFlush: "{exit} at {exitAt} ends the process before this buffered {sink} is flushed, so its last log lines are lost{more}.",
      flushNotAwaited: "{exit} at {exitAt} does not wait for the flush of this {sink} at {flushAt}, so its last log lines are lost{more}.",
    },
  },
  check({ model, report }) {
    const sinks = model.opened.filter(
      (resource) =>
        resource.kind === "logger" && resource.traits.includes("async-log") && resource.scope !== "request" && !resource.closedLocally,
    );
    if (sinks.length === 0)
      return { outcome: "not_applicable", reason: "no buffered log sink found (synchronous loggers lose nothing on exit)" };

    const losses = new Map<OpenedResource, Array<{ end: PathEnd; flush?: PathStep }>>();
    const unsure: string[] = [];
    let explicitExits = 0;
    for (const trigger of model.triggers) {
      if (!ENDING_TRIGGERS.has(trigger.kind)) continue;
      if (!trigger.path) {
        unsure.push(`the ${trigger.kind} handler at ${place(trigger.at)} could not be followed`);
        continue;
      }
      const { steps, unresolved } = trigger.path;
      const end = endOf(model, trigger, steps);
      if (!end) continue;
      explicitExits++;
      const before = steps.slice(0, end.index);
      const beforeKeys = new Set(before.map((step) => spanKey(step.at)));
      // A call the analyzer could not resolve, or a flush of an unknown receiver, may be the missing flush.
      const hidden =
        unresolved.find((call) => beforeKeys.has(spanKey(call.at)))?.callee ??
        before.find(
          (step) =>
            !("resource" in step.action && step.action.resource) &&
            (step.action.type === "flush" || (step.action.type === "close" && step.action.method === "end")),
        )?.callee;
      for (const sink of sinks) {
        const flush = before.find((step) => flushes(step, sink));
        if (flush && completes(flush)) continue;
        if (!flush && hidden) {
          unsure.push(`before ${end.what} at ${place(end.at)}, ${hidden}() could not be resolved and may flush the ${sink.description}`);
          continue;
        }
        const list = losses.get(sink) ?? [];
        if (!list.some((loss) => spanKey(loss.end.at) === spanKey(end.at))) list.push(flush ? { end, flush } : { end });
        losses.set(sink, list);
      }
    }
    // `pino(options, pino.transport(…))` opens a logger and its transport in one expression: one sink.
    const lost = [...losses.keys()].filter((sink) => ![...losses.keys()].some((other) => other !== sink && within(sink.at, other.at)));
    for (const sink of lost) {
      const [first, ...others] = losses.get(sink) ?? [];
      if (!first) continue;
      const data = {
        exit: first.end.what,
        exitAt: place(first.end.at),
        sink: sink.description,
        more: others.length === 0 ? "" : ` (and on ${others.length} more exit${others.length === 1 ? "" : "s"})`,
      };
      report({
        ...(first.flush
          ? { messageId: "flushNotAwaited", data: { ...data, flushAt: place(first.flush.at) } }
          : { messageId: "exitBeforeFlush", data }),
        at: sink.at,
        // RULES.md: high for audit logs.
        severity: sink.traits.includes("audit-log") ? "high" : "medium",
        confidence: "high",
      });
    }
    if (lost.length > 0) return undefined;
    if (unsure.length > 0) return { outcome: "could_not_determine", reason: unsure.join("; ") };
    if (explicitExits === 0) {
      return {
        outcome: "pass",
        reason: "no shutdown or crash path calls process.exit(); buffered log lines are written before the event loop drains",
      };
    }
    return { outcome: "pass", reason: "every exit waits for the log sinks to flush" };
  },
});
