import type { Deadline, OpenedResource, PathStep, ProjectModel, ResourceKind, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { isAsyncRelease, spanKey, within } from "./shared-facts.js";

const SHUTDOWN_KINDS = new Set<Trigger["kind"]>(["signal", "stdin-eof", "onclose", "crash", "library", "watchdog"]);
/** Closing these is quick and local: the MCP server/transport, log sinks and timers do not wait on peers. */
const QUICK_KINDS = new Set<ResourceKind>(["mcp-server", "mcp-transport", "logger", "interval", "timeout", "secret"]);
/** Drain libraries whose own timeout bounds the close method they provide. */
const LIBRARY_CLOSE_METHODS: Record<string, string> = { terminate: "http-terminator", stop: "stoppable" };

export default createRule({
  meta: {
    id: "SD005",
    name: "unbounded-drain",
    category: "B",
    severity: "medium",
    title: "The shutdown awaits a drain with no deadline.",
    rationale:
      "Shutdown steps hang more often than they fail: httpServer.close() waits for SSE streams, browser.close() for a wedged browser, pool.end() for checked-out clients, an exporter for an unreachable collector. With no bound of your own the platform ends the wait with SIGKILL and every later step (log flush, telemetry) is lost.",
    remediation:
      "Add one overall deadline below the platform's grace, `setTimeout(() => process.exit(1), 8_000).unref()`, and bound slow steps with `Promise.race` against a timer or `AbortSignal.timeout(ms)`; give libraries a finite timeout (`stoppable(server, 5_000)`, `gracefulTerminationTimeout`, close-with-grace `delay`).",
    messages: {
      unbounded:
        "`{step}` is awaited on shutdown with no deadline: if it hangs, nothing after it runs and the platform SIGKILLs the process.",
    },
  },
  check({ model, report }) {
    const triggers = model.triggers.filter((trigger) => SHUTDOWN_KINDS.has(trigger.kind));
    if (triggers.length === 0) return { outcome: "not_applicable", reason: "no shutdown path found" };
    const walked = triggers.filter((trigger) => trigger.path);
    if (walked.length === 0) return { outcome: "could_not_determine", reason: "no shutdown handler could be resolved" };

    const boundedEvents = new Set(walked.filter((trigger) => hasOverallDeadline(model, trigger)).flatMap((trigger) => trigger.events));
    const reported = new Set<string>();
    let waits = 0;
    for (const trigger of walked) {
      const path = trigger.path;
      if (!path) continue;
      const waitSteps = path.steps.filter(isAwaitedDrain);
      waits += waitSteps.length;
      if (trigger.events.some((event) => boundedEvents.has(event))) continue;
      for (const step of waitSteps) {
        if (isBounded(model, step, path.steps) || reported.has(spanKey(step.at))) continue;
        reported.add(spanKey(step.at));
        const resolved = resourceOf(step) !== undefined;
        report({
          messageId: "unbounded",
          data: { step: step.callee },
          at: step.at,
          confidence: resolved && path.unresolved.length === 0 ? "high" : "medium",
        });
      }
    }
    if (waits === 0) return { outcome: "not_applicable", reason: "the shutdown path waits for nothing that can hang" };
    return undefined;
  },
});

/** A close, flush or revoke the path waits for (not dropped, not in a deadline callback) that talks to a peer. */
function isAwaitedDrain(step: PathStep): boolean {
  if (step.deferred || step.discarded || !isAsyncRelease(step)) return false;
  const resource = resourceOf(step);
  return !(resource && QUICK_KINDS.has(resource.kind));
}

function resourceOf(step: PathStep): OpenedResource | undefined {
  const { action } = step;
  return action.type === "close" || action.type === "flush" || action.type === "revoke" ? action.resource : undefined;
}

/** A force-exit timer on the path, or an accepted library with a finite timeout that registered it. */
function hasOverallDeadline(model: ProjectModel, trigger: Trigger): boolean {
  const timer = trigger.path?.steps.some((step) => step.action.type === "timer" && step.action.exits) ?? false;
  return timer || (trigger.library !== undefined && model.deadlines.some((deadline) => isLibraryDeadline(deadline, trigger)));
}

function isLibraryDeadline(deadline: Deadline, trigger: Trigger): boolean {
  return (
    deadline.library === trigger.library &&
    Number.isFinite(deadline.ms) &&
    deadline.at.file === trigger.at.file &&
    deadline.at.line === trigger.at.line &&
    deadline.at.column === trigger.at.column
  );
}

/** Raced against a timer, given an `AbortSignal.timeout()`, or a drain library's close with a finite timeout. */
function isBounded(model: ProjectModel, step: PathStep, steps: PathStep[]): boolean {
  if (step.raced) return true;
  if (steps.some((other) => other.action.type === "abort-signal-timeout" && within(other.at, step.at))) return true;
  const library = step.action.type === "close" ? LIBRARY_CLOSE_METHODS[step.action.method] : undefined;
  return library !== undefined && model.deadlines.some((deadline) => deadline.library === library && Number.isFinite(deadline.ms));
}
