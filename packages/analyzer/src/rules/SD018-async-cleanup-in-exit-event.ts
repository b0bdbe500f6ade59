import { ts } from "ts-morph";
import type { PathStep, ProjectModel, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { callAt, isAsyncRelease } from "./shared-facts.js";

/** Triggers that run on SIGTERM/SIGINT or EOF, unlike `beforeExit`. */
const REAL_TRIGGER_KINDS = new Set<Trigger["kind"]>(["signal", "stdin-eof", "onclose", "library", "watchdog"]);
const CLEANUP_ACTIONS = new Set(["close", "flush", "revoke", "clear-timer"]);

export default createRule({
  meta: {
    id: "SD018",
    name: "async-cleanup-in-exit-event",
    category: "A",
    severity: "medium",
    title: "Async cleanup runs in an exit listener.",
    rationale:
      "Node runs `exit` listeners synchronously and then ends the process: awaits, promises and async closes started there never finish. `beforeExit` never fires on signals or process.exit(), so cleanup that relies on it does not run when the server is stopped.",
    remediation:
      "Run async cleanup from the signal/EOF shutdown routine and await it there; keep `exit` listeners to synchronous work (`child.kill()`, `fs.writeFileSync`, `logger.flushSync()`).",
    messages: {
      asyncListener: "The `exit` listener registered here is async: everything after its first `await` never runs.",
      asyncWork: "This `exit` listener starts async work (`{step}`, line {line} of {file}): the process ends before it completes.",
      beforeExitOnly:
        "Cleanup runs only from `beforeExit`, which never fires on SIGTERM, SIGINT or process.exit(): a stopped server skips it.",
    },
  },
  check({ model, report }) {
    const exitListeners = model.triggers.filter((trigger) => trigger.kind === "exit-event");
    const beforeExit = model.triggers.filter((trigger) => trigger.kind === "before-exit");
    if (exitListeners.length === 0 && beforeExit.length === 0) {
      return { outcome: "not_applicable", reason: "no exit or beforeExit listeners" };
    }
    const opaqueListener = exitListeners.find((trigger) => !trigger.path && !hasAsyncInlineHandler(model, trigger));
    for (const trigger of exitListeners) {
      const asyncStep = trigger.path?.steps.find(startsAsyncWork);
      if (asyncStep) {
        report({
          messageId: "asyncWork",
          data: { step: `${asyncStep.callee}()`, line: asyncStep.at.line, file: asyncStep.at.file },
          at: trigger.at,
          confidence: "high",
        });
      } else if (hasAsyncInlineHandler(model, trigger)) {
        report({ messageId: "asyncListener", at: trigger.at, confidence: "high" });
      }
    }
    const hasRealTrigger = model.triggers.some((trigger) => REAL_TRIGGER_KINDS.has(trigger.kind));
    if (!hasRealTrigger) {
      for (const trigger of beforeExit) {
        const path = trigger.path;
        if (path?.steps.some((step) => CLEANUP_ACTIONS.has(step.action.type))) {
          report({ messageId: "beforeExitOnly", at: trigger.at, confidence: "high" });
        } else if (!path || path.unresolved.length > 0) {
          report({ messageId: "beforeExitOnly", at: trigger.at, confidence: "medium" });
        }
      }
    }
    if (opaqueListener) {
      return {
        outcome: "could_not_determine",
        reason: `the exit listener at ${opaqueListener.at.file}:${opaqueListener.at.line} is not project code, so whether it starts async work is unknown`,
      };
    }
    return undefined;
  },
});

/** A release that completes later, or a dropped promise (sync releases such as kill() are fine here). */
function startsAsyncWork(step: PathStep): boolean {
  if (step.deferred) return false;
  return isAsyncRelease(step) || (step.discarded && !(step.action.type === "close" && step.action.method === "kill"));
}

/** `process.on("exit", async () => …)`: the registering call's handler argument is an async function. */
function hasAsyncInlineHandler(model: ProjectModel, trigger: Trigger): boolean {
  const handler = callAt(model, trigger.at)?.arguments?.[1];
  if (!handler || !(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) return false;
  return handler.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}
