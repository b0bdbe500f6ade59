import { type PlatformGrace, platformGraces } from "../deploy/platform-graces.js";
import type { Deadline, Trigger, TriggerKind } from "../model/types.js";
import { createRule } from "./rule.js";
import { isOpaque, spanKey } from "./shared-facts.js";

/** RULES.md, SD006: compliant at or below 80 % of the grace; at or above the grace fails. */
const SAFE_SHARE = 0.8;
const SHUTDOWN_TRIGGERS: ReadonlySet<TriggerKind> = new Set(["signal", "stdin-eof", "onclose", "library", "watchdog"]);
/** Deadlines that end the whole shutdown; the others bound one step of it. */
const OVERALL_SOURCES: ReadonlySet<Deadline["source"]> = new Set(["timer", "library-default", "library-option"]);

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(2))} s`;

/** Time from the stop signal (or stdin EOF) to SIGKILL that the shutdown itself may use. */
const usableMs = (grace: PlatformGrace): number => (grace.seconds - grace.preStopSeconds) * 1000;

function describeDeadline(deadline: Deadline): string {
  const library = deadline.library ?? "shutdown library";
  switch (deadline.source) {
    case "timer":
      return "force-exit timer";
    case "library-default":
      return `${library}'s default timeout`;
    case "library-option":
      return `${library} timeout`;
    case "abort-signal-timeout":
      return "AbortSignal.timeout() bound on a shutdown step";
    case "race":
      return "Promise.race() bound on a shutdown step";
  }
}

function describeGrace(grace: PlatformGrace): string {
  const usable = seconds(usableMs(grace));
  return grace.preStopSeconds > 0 ? `${usable} (${grace.seconds} s minus ${grace.preStopSeconds} s of preStop)` : usable;
}

type FollowedTrigger = Trigger & { path: NonNullable<Trigger["path"]> };

/**
 * Which shutdown paths each deadline is on, and the earliest whole-shutdown deadline of each path:
 * a deadline pre-empted by a shorter one on every path it is on never fires.
 */
function deadlinePlacement(deadlines: Deadline[], triggers: FollowedTrigger[]) {
  const keysOf = new Map(
    triggers.map((trigger) => [trigger, new Set([spanKey(trigger.at), ...trigger.path.steps.map((step) => spanKey(step.at))])]),
  );
  const pathsOf = (deadline: Deadline): FollowedTrigger[] => triggers.filter((trigger) => keysOf.get(trigger)?.has(spanKey(deadline.at)));
  const earliest = new Map(
    triggers.map((trigger) => [
      trigger,
      Math.min(
        ...deadlines
          .filter((deadline) => OVERALL_SOURCES.has(deadline.source) && keysOf.get(trigger)?.has(spanKey(deadline.at)))
          .map((deadline) => deadline.ms),
      ),
    ]),
  );
  const preempted = (deadline: Deadline): boolean => {
    const governed = pathsOf(deadline);
    // A drain library's bound (http-terminator) is set where it is created, off the paths that use it.
    const paths = governed.length > 0 ? governed : triggers;
    return paths.length > 0 && paths.every((trigger) => (earliest.get(trigger) ?? Number.POSITIVE_INFINITY) < deadline.ms);
  };
  return { pathsOf, earliest, preempted };
}

export default createRule({
  meta: {
    id: "SD006",
    name: "drain-deadline-exceeds-platform-grace",
    category: "B",
    severity: "medium",
    title: "The drain deadline is longer than the platform's grace period.",
    rationale:
      "Every platform gives a stopping process a fixed time before SIGKILL: about 2 s for a stdio server after its MCP client closes stdin, 10 s for docker stop, Kubernetes' terminationGracePeriodSeconds minus the preStop hook, systemd's TimeoutStopSec. A shutdown deadline that is as long or longer never fires: the platform kills the process first, skipping the last steps (log flush, telemetry, lease revocation) and leaving exit status 137 instead of an explained timeout. Library defaults count: close-with-grace waits 10 s, exactly Docker's limit; lightship 60 s, twice Kubernetes' default.",
    remediation:
      "Set the overall shutdown deadline to at most 80 % of the shortest grace the server runs under (1.6 s from stdin EOF for stdio, 8 s under Docker's default), pass an explicit delay/timeout to the shutdown library, or raise the platform's grace (stop_grace_period, terminationGracePeriodSeconds, TimeoutStopSec) and declare deployments outside the repository in .lastcall.json.",
    messages: {
      exceedsGrace:
        "Shutdown deadline {deadlineSeconds} ({deadline}) is not shorter than the {graceSeconds} the platform allows: {platform}. The process is killed before the deadline fires.",
    },
  },
  check({ model, report }) {
    if (model.entryPoints.length > 0 && model.entryPoints.every((entry) => entry.serverless)) {
      return { outcome: "not_applicable", reason: "serverless handlers own no process and get no stop signal" };
    }
    const graces = platformGraces(model.deployment, model.config, model.profiles).filter((grace) => Number.isFinite(grace.seconds));
    if (graces.length === 0) {
      return {
        outcome: "not_applicable",
        reason:
          "no deployment target detected (no stdio transport, Dockerfile, compose, Kubernetes or systemd file, and no grace in .lastcall.json)",
      };
    }

    const triggers = model.triggers.filter(
      (trigger): trigger is FollowedTrigger => SHUTDOWN_TRIGGERS.has(trigger.kind) && trigger.path !== undefined,
    );
    const { pathsOf, earliest, preempted } = deadlinePlacement(model.deadlines, triggers);
    // A force-exit timer whose delay the analyzer cannot evaluate, on a path no known deadline bounds.
    const unknownTimer = triggers
      .filter((trigger) => !Number.isFinite(earliest.get(trigger) ?? Number.POSITIVE_INFINITY))
      .flatMap((trigger) => trigger.path.steps)
      .find((step) => step.action.type === "timer" && step.action.exits && step.action.ms === null);
    const unknownReason =
      unknownTimer && `the force-exit timer at ${unknownTimer.at.file}:${unknownTimer.at.line} has a delay the analyzer cannot evaluate`;
    if (model.deadlines.length === 0) {
      if (unknownReason) return { outcome: "could_not_determine", reason: unknownReason };
      const opaque = model.triggers.find((trigger) => SHUTDOWN_TRIGGERS.has(trigger.kind) && isOpaque(trigger));
      if (opaque) {
        return {
          outcome: "could_not_determine",
          reason: `the shutdown handler at ${opaque.at.file}:${opaque.at.line} could not be followed, so its deadline is unknown`,
        };
      }
      return { outcome: "not_applicable", reason: "no numeric shutdown deadline found (an unbounded drain is SD005's finding)" };
    }
    const deadlines = model.deadlines.filter((deadline) => !preempted(deadline));

    const stdioFiles = new Set(model.entryPoints.filter((entry) => entry.profiles.includes("stdio")).flatMap((entry) => entry.closure));
    const stdioDeadlines = deadlines.filter((deadline) => stdioFiles.has(deadline.at.file));
    // On stdio, the clock starts at stdin EOF: the EOF path's deadline is the one that applies;
    // without one, SIGTERM follows about 2 s later and its path gets the same budget.
    const fromEof = stdioDeadlines.filter((deadline) => pathsOf(deadline).some((trigger) => trigger.kind === "stdin-eof"));
    const applicable = (grace: PlatformGrace): Deadline[] => {
      if (grace.platform !== "stdio") return deadlines;
      return fromEof.length > 0 ? fromEof : stdioDeadlines;
    };

    const tightest = new Map<Deadline, PlatformGrace>();
    const thin: string[] = [];
    for (const grace of graces) {
      for (const deadline of applicable(grace)) {
        if (deadline.ms >= usableMs(grace)) {
          const current = tightest.get(deadline);
          if (!current || usableMs(grace) < usableMs(current)) tightest.set(deadline, grace);
        } else if (deadline.ms > SAFE_SHARE * usableMs(grace)) {
          thin.push(
            `the ${describeDeadline(deadline)} of ${seconds(deadline.ms)} leaves less than 20 % of the ${describeGrace(grace)} grace (${grace.platform})`,
          );
        }
      }
    }
    for (const [deadline, grace] of tightest) {
      report({
        messageId: "exceedsGrace",
        data: {
          deadline: describeDeadline(deadline),
          deadlineSeconds: seconds(deadline.ms),
          graceSeconds: describeGrace(grace),
          platform: grace.description,
        },
        at: deadline.at,
        confidence: deadline.fromConfig || grace.fromTemplate ? "medium" : "high",
      });
    }
    if (tightest.size > 0) return undefined;
    if (unknownReason) return { outcome: "could_not_determine", reason: unknownReason };
    if (thin.length > 0) return { outcome: "pass", reason: `within the grace, but with a thin margin: ${thin.join("; ")}` };
    return { outcome: "pass", reason: "every shutdown deadline fits within 80 % of the platform's grace" };
  },
});
