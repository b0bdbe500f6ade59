import type { OpenedResource, PathStep, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { spanKey } from "./shared-facts.js";

const CRASH_EVENTS = new Set(["uncaughtException", "unhandledRejection"]);

/** Buffers that an immediate exit throws away: async log sinks and telemetry batches. */
const isBuffered = (resource: OpenedResource): boolean =>
  resource.scope !== "request" &&
  !resource.closedLocally &&
  ((resource.kind === "logger" && resource.traits.includes("async-log")) || resource.kind === "telemetry");

/** Work that needs the crash path: audit records and Vault credentials of this process's own. */
const needsCrashCleanup = (resource: OpenedResource): boolean =>
  (resource.kind === "logger" && resource.traits.includes("audit-log")) ||
  (resource.kind === "vault" && (resource.traits.includes("vault-login") || resource.traits.includes("vault-lease")));

/**
 * The handler ends the process: an exit (a deadline timer's counts), a rethrow from the handler
 * itself (an exception thrown by an uncaughtException listener ends the process), or an exit code
 * plus shutdown work.
 */
function ends(steps: PathStep[]): boolean {
  if (steps.some((step) => step.action.type === "exit")) return true;
  if (steps.some((step) => step.action.type === "throw" && step.depth === 0 && !step.deferred)) return true;
  return (
    steps.some((step) => step.action.type === "exit-code") &&
    steps.some((step) => step.action.type === "close" || step.action.type === "stop-intake")
  );
}

/** Something awaited before the exit that flushes or releases: the handler ran cleanup first. */
const cleansUp = (step: PathStep): boolean =>
  step.awaited && !step.deferred && (step.action.type === "flush" || step.action.type === "close" || step.action.type === "revoke");

const where = (trigger: Trigger): string => `${trigger.events.filter((event) => CRASH_EVENTS.has(event)).join("/")} handler`;

export default createRule({
  meta: {
    id: "SD014",
    name: "crash-handler-missing-or-unsafe",
    category: "E",
    severity: "medium",
    title: "Crash handlers resume or exit without cleanup.",
    rationale:
      "After an uncaught exception the process is in an unknown state. A handler that only logs and returns keeps a broken server answering requests; one that calls process.exit() at once throws away buffered log lines and telemetry, including the report of the crash itself. With audit logs or secret leases, a crash without a cleanup path leaves gaps in the record and live credentials behind.",
    remediation:
      "In uncaughtException/unhandledRejection handlers, log the error durably, run the same bounded shutdown as for SIGTERM (flush logs and telemetry, revoke leases) and exit non-zero. close-with-grace does exactly this.",
    messages: {
      resumes: "This {handler} neither exits nor shuts down, so the server keeps running in an unknown state after a crash.",
      exitsWithoutFlush: "This {handler} exits at {exitAt} without flushing {what}, so the record of the crash is lost.",
      noCrashPath: "{what} needs cleanup when the process crashes, but no uncaughtException/unhandledRejection handler runs one.",
    },
  },
  check({ model, report }) {
    const crashTriggers = model.triggers.filter((trigger) => trigger.events.some((event) => CRASH_EVENTS.has(event)));
    const ownHandlers = crashTriggers.filter((trigger) => trigger.kind === "crash");
    const buffered = model.opened.filter(isBuffered);
    const unsure: string[] = [];
    let flagged = 0;

    for (const trigger of ownHandlers) {
      if (!trigger.path) {
        unsure.push(`the ${where(trigger)} at ${trigger.at.file}:${trigger.at.line} could not be followed`);
        continue;
      }
      const { steps, unresolved } = trigger.path;
      if (!ends(steps)) {
        if (unresolved.length > 0) {
          unsure.push(
            `the ${where(trigger)} at ${trigger.at.file}:${trigger.at.line} calls ${unresolved[0]?.callee}(), which could not be resolved and may exit`,
          );
          continue;
        }
        flagged++;
        // A rethrow also ends the process, and the model does not record throw statements.
        report({ messageId: "resumes", data: { handler: where(trigger) }, at: trigger.at, confidence: "medium" });
        continue;
      }
      const exitIndex = steps.findIndex((step) => step.action.type === "exit" && !step.deferred);
      if (exitIndex < 0 || buffered.length === 0) continue;
      const before = steps.slice(0, exitIndex);
      if (before.some(cleansUp)) continue;
      const beforeKeys = new Set(before.map((step) => spanKey(step.at)));
      const hidden = unresolved.find((call) => beforeKeys.has(spanKey(call.at)));
      if (hidden) {
        unsure.push(
          `before its exit, the ${where(trigger)} at ${trigger.at.file}:${trigger.at.line} calls ${hidden.callee}(), which could not be resolved`,
        );
        continue;
      }
      const exit = steps[exitIndex] as PathStep;
      flagged++;
      report({
        messageId: "exitsWithoutFlush",
        data: {
          handler: where(trigger),
          exitAt: `${exit.at.file}:${exit.at.line}`,
          what: buffered.map((resource) => `${resource.description} (${resource.at.file}:${resource.at.line})`).join(", "),
        },
        at: trigger.at,
        confidence: "high",
      });
    }

    if (crashTriggers.length === 0) {
      const needy = model.opened.find(needsCrashCleanup);
      if (!needy) return { outcome: "not_applicable", reason: "no crash handler, and no audit log or secret lease that needs one" };
      report({
        messageId: "noCrashPath",
        data: { what: `${needy.description} (${needy.at.file}:${needy.at.line})` },
        at: needy.at,
        severity: "low",
        confidence: "high",
      });
      return undefined;
    }
    if (flagged > 0) return undefined;
    if (unsure.length > 0) return { outcome: "could_not_determine", reason: unsure.join("; ") };
    if (ownHandlers.length === 0) {
      return {
        outcome: "pass",
        reason: `${crashTriggers[0]?.library ?? "a shutdown library"} runs the shutdown and exits non-zero on crashes`,
      };
    }
    return { outcome: "pass", reason: "crash handlers end the process, after cleanup where something is buffered" };
  },
});
