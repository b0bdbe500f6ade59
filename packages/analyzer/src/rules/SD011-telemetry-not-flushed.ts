import type { OpenedResource, PathStep, ProjectModel, SourceSpan, Trigger, TriggerKind } from "../model/types.js";
import { createRule } from "./rule.js";
import { runsUnconditionally, spanKey } from "./shared-facts.js";

/** Paths that end the process normally; crash paths are SD014's concern. */
const SHUTDOWN_TRIGGERS: ReadonlySet<TriggerKind> = new Set(["signal", "stdin-eof", "onclose", "library", "watchdog"]);

type FollowedTrigger = Trigger & { path: NonNullable<Trigger["path"]> };

function flushes(step: PathStep, sdk: OpenedResource): boolean {
  const { action } = step;
  return (action.type === "flush" || action.type === "close") && action.resource?.id === sdk.id;
}

/** The path's first unconditional exit that is not a deadline timer's; a shutdown library exits once its callback settles. */
function endOf(model: ProjectModel, trigger: Trigger, steps: PathStep[]): { index: number; at: SourceSpan; what: string } | undefined {
  const index = steps.findIndex((step, at) => step.action.type === "exit" && !step.deferred && runsUnconditionally(model, steps, at));
  const step = steps[index];
  if (step) return { index, at: step.at, what: `${step.callee}()` };
  if (trigger.kind === "library")
    return { index: steps.length, at: trigger.at, what: `${trigger.library ?? "the shutdown library"}'s exit after its callback` };
  return undefined;
}

const place = (span: SourceSpan): string => `${span.file}:${span.line}`;

/** What one shutdown path does wrong with one SDK, as a message and its data. */
type Problem = { messageId: "flushAfterExit" | "flushNotAwaited" | "exitWithoutFlush"; data: Record<string, string> };

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
      neverFlushed:
        "This {sdk} is never shut down or flushed on a shutdown path; its last batch of telemetry is lost when the process ends.",
      noShutdownPath:
        "This {sdk} is started, but the program has no shutdown path (no signal, stdin or library handler) to flush it; its last batch is lost when the process is stopped.",
      exitWithoutFlush: "{exit} at {exitAt} ends the process without shutting down this {sdk}, although another shutdown path does{more}.",
      flushAfterExit: "The shutdown of this {sdk} at {flushAt} comes after {exit} at {exitAt}, so it never runs{more}.",
      flushNotAwaited: "The shutdown of this {sdk} at {flushAt} is not awaited before {exit} at {exitAt}, so its export is cut off{more}.",
    },
  },
  check({ model, report }) {
    const sdks = model.opened.filter(
      (resource) => resource.kind === "telemetry" && resource.scope !== "request" && !resource.closedLocally,
    );
    if (sdks.length === 0) return { outcome: "not_applicable", reason: "no telemetry SDK found" };

    const shutdownTriggers = model.triggers.filter((trigger) => SHUTDOWN_TRIGGERS.has(trigger.kind));
    const followed = shutdownTriggers.filter((trigger): trigger is FollowedTrigger => trigger.path !== undefined);
    const unfollowed = shutdownTriggers.filter((trigger) => !trigger.path);
    const unsure: string[] = [];
    let flagged = 0;

    for (const sdk of sdks) {
      const flag = (messageId: string, data: Record<string, string>): void => {
        flagged++;
        report({ messageId, data: { sdk: sdk.description, ...data }, at: sdk.at, confidence: "high" });
      };
      if (shutdownTriggers.length === 0) {
        flag("noShutdownPath", {});
        continue;
      }
      if (!followed.some((trigger) => trigger.path.steps.some((step) => flushes(step, sdk)))) {
        const hidden = followed.flatMap((trigger) => trigger.path.unresolved)[0];
        const where = hidden ? `${hidden.callee}() at ${place(hidden.at)}` : unfollowed[0] && `the handler at ${place(unfollowed[0].at)}`;
        if (where) unsure.push(`no shutdown path the analyzer could follow flushes the ${sdk.description}; ${where} could not be resolved`);
        else flag("neverFlushed", {});
        continue;
      }
      const problems: Problem[] = [];
      for (const trigger of followed) {
        const { steps, unresolved } = trigger.path;
        const end = endOf(model, trigger, steps);
        if (!end) continue;
        const flushIndex = steps.findIndex((step) => flushes(step, sdk));
        const flush = steps[flushIndex];
        const exit = { exit: end.what, exitAt: place(end.at) };
        if (flush && flushIndex > end.index) problems.push({ messageId: "flushAfterExit", data: { ...exit, flushAt: place(flush.at) } });
        else if (flush && !flush.awaited) problems.push({ messageId: "flushNotAwaited", data: { ...exit, flushAt: place(flush.at) } });
        else if (!flush) {
          const beforeKeys = new Set(steps.slice(0, end.index).map((step) => spanKey(step.at)));
          const hidden = unresolved.find((call) => beforeKeys.has(spanKey(call.at)));
          if (hidden)
            unsure.push(
              `before ${end.what} at ${place(end.at)}, ${hidden.callee}() could not be resolved and may flush the ${sdk.description}`,
            );
          else problems.push({ messageId: "exitWithoutFlush", data: exit });
        }
      }
      const distinct = problems.filter(
        (problem, index) => problems.findIndex((other) => other.data.exitAt === problem.data.exitAt) === index,
      );
      const [first, ...others] = distinct;
      if (first)
        flag(first.messageId, {
          ...first.data,
          more: others.length === 0 ? "" : ` (and ${others.length} more shutdown path${others.length === 1 ? "" : "s"})`,
        });
    }
    if (flagged > 0) return undefined;
    if (unsure.length > 0) return { outcome: "could_not_determine", reason: unsure.join("; ") };
    return { outcome: "pass", reason: "every telemetry SDK is shut down before the process exits" };
  },
});
