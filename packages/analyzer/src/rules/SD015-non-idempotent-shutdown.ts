import type { PathStep, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { spanKey, within } from "./shared-facts.js";

/** Registration methods that keep the listener after it fires. */
const REPEATING_METHODS = new Set(["on", "addListener", "prependListener"]);
/** Triggers that can share one routine in the app's own code (libraries guard their own callbacks). */
const ROUTINE_KINDS = new Set<Trigger["kind"]>(["signal", "stdin-eof", "onclose", "crash"]);

export default createRule({
  meta: {
    id: "SD015",
    name: "non-idempotent-shutdown",
    category: "A",
    severity: "medium",
    title: "The shutdown routine can run twice.",
    rationale:
      "SIGTERM and SIGINT, stdin `end` and `close`, and a transport's onclose can all fire during one shutdown. An unguarded routine then closes pools twice, races its own cleanup and exits half-way; an onclose handler that closes its own transport recurses.",
    remediation:
      "Memoise the routine so every trigger shares one run: `let closing; const shutdown = (reason) => (closing ??= run(reason));`. Make a second signal force the exit: `if (closing) process.exit(1);`. Never call `transport.close()` from that transport's own onclose.",
    messages: {
      sharedUnguarded: "This shutdown routine is bound to {events} with `on` and has no guard: each trigger runs the whole cleanup again.",
      selfClose: "`{close}` runs inside `{target}.onclose`: closing the transport fires onclose again, so the handler re-enters itself.",
      secondSignalIgnored:
        "A second {events} does not force an exit: the guard just returns while a stuck shutdown keeps the process alive.",
    },
  },
  check({ model, report }) {
    const own = model.triggers.filter((trigger) => ROUTINE_KINDS.has(trigger.kind));
    const triggers = own.filter((trigger) => trigger.path);
    if (triggers.length === 0) {
      if (own.length > 0) return { outcome: "could_not_determine", reason: "the shutdown handlers could not be resolved" };
      const library = model.triggers.find((trigger) => trigger.library)?.library;
      if (library) return { outcome: "pass", reason: `shutdown runs through ${library}, which runs its callback once` };
      return { outcome: "not_applicable", reason: "no shutdown routine found" };
    }

    for (const group of groupByRoutine(triggers)) {
      const events = group.flatMap((trigger) => trigger.events);
      const repeating = group.filter((trigger) => REPEATING_METHODS.has(trigger.method));
      const unguarded = repeating.find((trigger) => !trigger.path?.guarded);
      if (unguarded && events.length >= 2) {
        const unresolved = group.some((trigger) => (trigger.path?.unresolved.length ?? 0) > 0);
        report({
          messageId: "sharedUnguarded",
          data: { events: events.join(", ") },
          at: unguarded.at,
          confidence: unresolved ? "medium" : "high",
        });
        continue;
      }
      // `once` leaves no listener behind, so a second signal gets Node's default exit; a guarded `on` must exit itself.
      const guardedSignals = repeating.filter((trigger) => trigger.kind === "signal" && trigger.path?.guarded);
      const first = guardedSignals[0];
      if (!first?.path || exitsOnReentry(first.path.steps)) continue;
      const signals = [...new Set(guardedSignals.flatMap((trigger) => trigger.events))];
      report({
        messageId: "secondSignalIgnored",
        data: { events: signals.join(" or ") },
        at: first.at,
        severity: "low",
        confidence: "medium",
      });
    }

    for (const trigger of triggers) {
      if (trigger.kind !== "onclose" || trigger.path?.guarded) continue;
      const target = trigger.events[0];
      const close = trigger.path?.steps.find(
        (step) => !step.deferred && step.action.type === "close" && step.action.receiver === target && step.at.file === trigger.at.file,
      );
      if (!close || !target) continue;
      report({
        messageId: "selfClose",
        data: { close: `${close.callee}()`, target },
        at: close.at,
        confidence: close.depth === 0 ? "high" : "medium",
      });
    }

    return undefined;
  },
});

/** The routine's guard exits before any cleanup runs again: `if (closing) process.exit(1)`. */
function exitsOnReentry(steps: PathStep[]): boolean {
  const firstCleanup = steps.findIndex(isCleanup);
  return steps.slice(0, firstCleanup < 0 ? steps.length : firstCleanup).some((step) => step.action.type === "exit" && !step.deferred);
}

function isCleanup(step: PathStep): boolean {
  const type = step.action.type;
  return !step.deferred && (type === "close" || type === "flush" || type === "revoke");
}

/**
 * Triggers that run the same routine: the same steps once the registration's own wrapper
 * (`() => shutdown("SIGTERM")`, written inside the registering call) is set aside. Routines that
 * release nothing are left out: running them twice is harmless.
 */
function groupByRoutine(triggers: Trigger[]): Trigger[][] {
  const groups = new Map<string, Trigger[]>();
  for (const trigger of triggers) {
    const steps = (trigger.path?.steps ?? []).filter((step) => !within(step.at, trigger.at));
    if (!steps.some(isCleanup)) continue;
    const key = steps.map((step) => spanKey(step.at)).join("|");
    groups.set(key, [...(groups.get(key) ?? []), trigger]);
  }
  return [...groups.values()];
}
