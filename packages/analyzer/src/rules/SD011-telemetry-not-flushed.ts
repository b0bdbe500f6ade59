import type { OpenedResource, PathStep, SourceSpan, Trigger, TriggerKind } from "../model/types.js";
import { createRule } from "./rule.js";

/** Paths that end the process normally; crash paths are SD014's concern. */
const SHUTDOWN_TRIGGERS: ReadonlySet<TriggerKind> = new Set(["signal", "stdin-eof", "onclose", "library", "watchdog"]);

const spanKey = (span: SourceSpan): string => `${span.file}:${span.line}:${span.column}`;

function flushes(step: PathStep, sdk: OpenedResource): boolean {
  const { action } = step;
  if (action.type !== "flush" && action.type !== "close") return false;
  return action.resource?.id === sdk.id;
}

/** The path's first exit that is not a deadline timer's; a shutdown library exits once its callback settles. */
function endOf(trigger: Trigger, steps: PathStep[]): { index: number; at: SourceSpan; what: string } | undefined {
  const index = steps.findIndex((step) => step.action.type === "exit" && !step.deferred);
  const step = steps[index];
  if (step) return { index, at: step.at, what: `${step.callee}()` };
  if (trigger.kind === "library") return { index: steps.length, at: trigger.at, what: `${trigger.library ?? "the shutdown library"}'s exit after the callback` };
  return undefined;
}

const describeSdk = (sdk: OpenedResource): string => `${sdk.description} (${sdk.at.file}:${sdk.at.line})`;

export default createRule({
  meta: {
    id: "SD011",
    name: "telemetry-not-flushed",
    category: "E",
    severity: "medium",
    title: "Telemetry is not flushed on shutdown.",
    rationale:
      "Telemetry SDKs (OpenTelemetry, Sentry, PostHog, Segment) batch spans, metrics and events in memory and export them on a timer. If the process ends without shutting the SDK down, the last batch is dropped: exactly the spans and errors that describe the shutdown, or the incident that caused it.",
    remediation:
      "Call the SDK's shutdown (sdk.shutdown(), provider.shutdown(), Sentry.close(2000), posthog.shutdown(), analytics.closeAndFlush()) on every shutdown path, await it with a bound, and make it the last step before the process exits.",
    messages: {
      neverFlushed: "{sdk} is never shut down or flushed on a shutdown path; its last batch of telemetry is lost when the process ends.",
      noShutdownPath: "{sdk} is started, but the program has no shutdown path (no signal, stdin or library handler) to flush it; its last batch is lost when the process is stopped.",
      exitWithoutFlush: "{exit} ends the process without flushing {sdk}, which another shutdown path does flush.",
      flushAfterExit: "The shutdown of {sdk} comes after {exit} at line {exitLine}, so it never runs.",
      flushNotAwaited: "The shutdown of {sdk} is not awaited before {exit} at line {exitLine}, so its export is cut off.",
    },
  },
  check({ model, report }) {
    const sdks = model.opened.filter((resource) => resource.kind === "telemetry" && resource.scope !== "request" && !resource.closedLocally);
    if (sdks.length === 0) return { outcome: "not_applicable", reason: "no telemetry SDK found" };

    const shutdownTriggers = model.triggers.filter((trigger) => SHUTDOWN_TRIGGERS.has(trigger.kind));
    const followed = shutdownTriggers.filter((trigger): trigger is Trigger & { path: NonNullable<Trigger["path"]> } => trigger.path !== undefined);
    const unfollowed = shutdownTriggers.filter((trigger) => !trigger.path);
    const reported = new Set<string>();
    const unsure: string[] = [];
    const flag = (at: SourceSpan, draft: { messageId: string; data: Record<string, string | number> }): void => {
      if (reported.has(spanKey(at))) return;
      reported.add(spanKey(at));
      report({ ...draft, at, confidence: "high" });
    };

    for (const sdk of sdks) {
      if (shutdownTriggers.length === 0) {
        flag(sdk.at, { messageId: "noShutdownPath", data: { sdk: describeSdk(sdk) } });
        continue;
      }
      const withFlush = followed.filter((trigger) => trigger.path.steps.some((step) => flushes(step, sdk)));
      if (withFlush.length === 0) {
        const hidden = followed.flatMap((trigger) => trigger.path.unresolved);
        if (hidden.length > 0 || unfollowed.length > 0) {
          const where = hidden[0] ? `${hidden[0].callee}() at ${hidden[0].at.file}:${hidden[0].at.line}` : `the handler at ${unfollowed[0]?.at.file}:${unfollowed[0]?.at.line}`;
          unsure.push(`${describeSdk(sdk)} is not flushed on any path the analyzer could follow; ${where} could not be resolved`);
          continue;
        }
        flag(sdk.at, { messageId: "neverFlushed", data: { sdk: describeSdk(sdk) } });
        continue;
      }
      for (const trigger of followed) {
        const { steps, unresolved } = trigger.path;
        const end = endOf(trigger, steps);
        const flushIndex = steps.findIndex((step) => flushes(step, sdk));
        const flush = steps[flushIndex];
        if (!end) continue;
        if (flush && flushIndex > end.index) {
          flag(flush.at, { messageId: "flushAfterExit", data: { sdk: describeSdk(sdk), exit: end.what, exitLine: end.at.line } });
        } else if (flush && !flush.awaited) {
          flag(flush.at, { messageId: "flushNotAwaited", data: { sdk: describeSdk(sdk), exit: end.what, exitLine: end.at.line } });
        } else if (!flush) {
          const beforeKeys = new Set(steps.slice(0, end.index).map((step) => spanKey(step.at)));
          const hidden = unresolved.find((call) => beforeKeys.has(spanKey(call.at)));
          if (hidden) unsure.push(`before ${end.what} at ${end.at.file}:${end.at.line}, ${hidden.callee}() could not be resolved and may flush ${sdk.description}`);
          else flag(end.at, { messageId: "exitWithoutFlush", data: { sdk: describeSdk(sdk), exit: end.what } });
        }
      }
    }
    if (reported.size > 0) return undefined;
    if (unsure.length > 0) return { outcome: "could_not_determine", reason: unsure.join("; ") };
    return { outcome: "pass", reason: "every telemetry SDK is shut down before the process exits" };
  },
});
