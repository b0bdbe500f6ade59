import { ts } from "ts-morph";
import type { PathStep, ProjectModel, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { callAt, isAsyncRelease, spanKey, within } from "./shared-facts.js";

/** Triggers whose handlers run shutdown work; `exit`/`beforeExit` listeners are SD018's. */
const SHUTDOWN_KINDS = new Set<Trigger["kind"]>(["signal", "stdin-eof", "onclose", "crash", "library", "watchdog"]);
/** Triggers whose exit should run the same cleanup as the main routine (crash handlers are SD014's). */
const BYPASS_KINDS = new Set<Trigger["kind"]>(["signal", "stdin-eof", "watchdog"]);

export default createRule({
  meta: {
    id: "SD002",
    name: "abrupt-exit-in-shutdown",
    category: "A",
    severity: "high",
    title: "The shutdown path exits before its cleanup is awaited.",
    rationale:
      "process.exit() drops every pending async operation: a close that was started but not awaited, buffered log lines, and on stdio the last JSON-RPC response still in the stdout pipe.",
    remediation:
      "Await every cleanup step, then set `process.exitCode` and let the event loop drain; keep `process.exit()` only in an unref'd force-exit timer: `setTimeout(() => process.exit(1), 1_500).unref()`.",
    messages: {
      afterDroppedCleanup:
        "{exit} runs while `{cleanup}` (line {line}) is still pending: its promise is not awaited, so the exit cuts it off.",
      afterStdoutWrite:
        "{exit} runs right after a write to stdout: on a pipe the write is asynchronous, so the client can lose the last response.",
      beforeCleanup: "{exit} ends the process before `{cleanup}` (line {line}) on the same shutdown path ever runs.",
      bypassesCleanup: "{exit} ends the process on {events} without the cleanup the other shutdown path runs (`{cleanup}`, line {line}).",
    },
  },
  check({ model, report }) {
    if (model.entryPoints.length > 0 && model.entryPoints.every((entry) => entry.serverless)) {
      return { outcome: "not_applicable", reason: "serverless or edge handlers own no process" };
    }
    const triggers = model.triggers.filter((trigger) => SHUTDOWN_KINDS.has(trigger.kind));
    if (triggers.length === 0) return { outcome: "not_applicable", reason: "no shutdown path found" };
    const walked = triggers.filter((trigger) => trigger.path);
    if (walked.length === 0) {
      return {
        outcome: "could_not_determine",
        reason: `no shutdown handler could be resolved (${triggers[0]?.unresolvedHandler ?? "unknown handler"})`,
      };
    }
    const stdio = model.profiles.has("stdio");
    const mainCleanup = walked
      .filter((trigger) => trigger.kind !== "crash")
      .flatMap((trigger) => trigger.path?.steps ?? [])
      .find((step) => !step.deferred && releasesBackend(step));
    const reported = new Set<string>();

    for (const trigger of walked) {
      const path = trigger.path;
      if (!path) continue;
      const { steps } = path;
      steps.forEach((exit, index) => {
        if (exit.action.type !== "exit" || exit.deferred || reported.has(spanKey(exit.at))) return;
        const exitCall = `${exit.callee}()`;
        const before = steps.slice(0, index);
        const dropped = before.findIndex(
          (step, at) => !step.deferred && step.discarded && isCleanupAt(steps, at) && !encloses(steps, at, index),
        );
        const droppedStep = steps[dropped];
        if (droppedStep) {
          reported.add(spanKey(exit.at));
          report({
            messageId: "afterDroppedCleanup",
            data: { exit: exitCall, cleanup: droppedStep.callee, line: droppedStep.at.line },
            at: exit.at,
            confidence: isIdentifiedCleanup(droppedStep) ? "high" : "medium",
          });
          return;
        }
        if (stdio && followsStdoutWrite(steps, index)) {
          reported.add(spanKey(exit.at));
          report({ messageId: "afterStdoutWrite", data: { exit: exitCall }, at: exit.at, confidence: "high" });
          return;
        }
        if (!runsUnconditionally(model, steps, index)) return;
        const later = steps.slice(index + 1).find((step) => !step.deferred && isAsyncRelease(step));
        if (later) {
          reported.add(spanKey(exit.at));
          report({
            messageId: "beforeCleanup",
            data: { exit: exitCall, cleanup: later.callee, line: later.at.line },
            at: exit.at,
            confidence: "high",
          });
          return;
        }
        const doesWork = steps.some(
          (step, at) => !step.deferred && (isAsyncRelease(step) || (step.action.type === "call" && expansionEnd(steps, at) > at + 1)),
        );
        if (BYPASS_KINDS.has(trigger.kind) && !doesWork && path.unresolved.length === 0 && mainCleanup) {
          reported.add(spanKey(exit.at));
          report({
            messageId: "bypassesCleanup",
            data: { exit: exitCall, events: trigger.events.join("/"), cleanup: mainCleanup.callee, line: mainCleanup.at.line },
            at: exit.at,
            confidence: "medium",
          });
        }
      });
    }
    return undefined;
  },
});

/**
 * Cleanup that an exit without it loses: a backend released, logs or telemetry flushed, leases
 * revoked. Closing the MCP server or transport on the way out changes nothing once the process ends.
 */
function releasesBackend(step: PathStep): boolean {
  if (!isAsyncRelease(step)) return false;
  const { action } = step;
  if (action.type !== "close") return true;
  return action.resource !== undefined && action.resource.kind !== "mcp-server" && action.resource.kind !== "mcp-transport";
}

/** A release of a resource the model identified, or a call into project code that releases one. */
function isIdentifiedCleanup(step: PathStep): boolean {
  const { action } = step;
  return (
    action.type === "call" ||
    ((action.type === "close" || action.type === "flush" || action.type === "revoke") && action.resource !== undefined)
  );
}

/** Index just past the steps expanded from the call at `index` (callees and callbacks follow it, deeper). */
function expansionEnd(steps: PathStep[], index: number): number {
  const depth = steps[index]?.depth ?? 0;
  let end = index + 1;
  while (end < steps.length && (steps[end]?.depth ?? 0) > depth) end++;
  return end;
}

/** The step is a release, or a call whose expansion releases something. */
function isCleanupAt(steps: PathStep[], index: number): boolean {
  const step = steps[index];
  if (!step) return false;
  if (isAsyncRelease(step)) return true;
  return (
    step.action.type === "call" &&
    steps.slice(index + 1, expansionEnd(steps, index)).some((inner) => !inner.deferred && isAsyncRelease(inner))
  );
}

/** The exit at `inner` is part of what the call at `outer` runs (the dropped promise is the exit's own caller). */
function encloses(steps: PathStep[], outer: number, inner: number): boolean {
  return inner < expansionEnd(steps, outer);
}

/** A stdout write in the same function, with nothing but its own arguments and logging between it and the exit. */
function followsStdoutWrite(steps: PathStep[], index: number): boolean {
  const exit = steps[index];
  if (!exit) return false;
  const between: PathStep[] = [];
  for (let at = index - 1; at >= 0; at--) {
    const step = steps[at];
    if (!step || step.deferred || step.depth > exit.depth) continue;
    if (step.depth < exit.depth) return false;
    if (step.action.type === "stdout-write") {
      return between.every((other) => within(other.at, step.at) || other.callee.startsWith("console."));
    }
    between.push(step);
  }
  return false;
}

/**
 * The exit runs whenever its path runs: neither it nor any call leading to it sits in a branch,
 * a loop, a catch block or a callback. A second-signal `if (closing) process.exit(1)` is a branch.
 */
function runsUnconditionally(model: ProjectModel, steps: PathStep[], index: number): boolean {
  let current = index;
  for (;;) {
    const step = steps[current];
    if (!step) return false;
    const call = callAt(model, step.at);
    if (!call || !unconditionalInFunction(call, step.depth === 0)) return false;
    if (step.depth === 0) return true;
    let parent = current - 1;
    while (parent >= 0 && (steps[parent]?.depth ?? 0) >= step.depth) parent--;
    if (parent < 0) return false;
    current = parent;
  }
}

function unconditionalInFunction(node: ts.Node, isHandler: boolean): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return isHandler || !(parent.parent && ts.isCallLikeExpression(parent.parent));
    if (ts.isIfStatement(parent) && child !== parent.expression) return false;
    if (ts.isConditionalExpression(parent) && child !== parent.condition) return false;
    if (ts.isBinaryExpression(parent) && child === parent.right && isShortCircuit(parent.operatorToken.kind)) return false;
    if (ts.isCatchClause(parent) || ts.isCaseOrDefaultClause(parent) || ts.isIterationStatement(parent, false)) return false;
  }
  return true;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken
  );
}
