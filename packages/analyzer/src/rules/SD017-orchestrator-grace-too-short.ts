import { type PlatformGrace, platformGraces } from "../deploy/platform-graces.js";
import type { DeploymentFacts } from "../deploy/types.js";
import { appComposeServices, appPodSpecs } from "../deploy/workloads.js";
import type { Deadline } from "../model/types.js";
import type { Confidence } from "../report.js";
import { createRule, type FindingDraft } from "./rule.js";

/** RULES.md SD006/SD017: a deadline within 80 % of the time left after preStop is compliant. */
const MARGIN = 0.8;
const ORCHESTRATORS = new Set<PlatformGrace["platform"]>(["kubernetes", "compose", "systemd"]);

export default createRule({
  meta: {
    id: "SD017",
    name: "orchestrator-grace-too-short",
    category: "G",
    severity: "medium",
    title: "Kubernetes, compose and systemd give the server more time than its shutdown deadline",
    rationale:
      "Orchestrators SIGKILL the server when their grace period ends: Kubernetes after terminationGracePeriodSeconds " +
      "(30 s by default, counted from before the preStop hook), compose after stop_grace_period (10 s), systemd after " +
      "TimeoutStopSec (90 s). A grace shorter than the shutdown deadline cuts off the last steps (log flush, telemetry, " +
      "lease revocation) on every deploy, and systemd's KillMode=process or none leaves the server's children running.",
    remediation:
      "Set the grace to at least the preStop duration plus the shutdown deadline plus a 25 % margin " +
      "(terminationGracePeriodSeconds in the pod spec or the Helm values, stop_grace_period in compose, TimeoutStopSec in " +
      "the unit), or shorten the deadline (SD006). In systemd units use KillMode=mixed or the default control-group.",
    messages: {
      graceTooShort:
        "{grace} leaves the server {available} s after SIGTERM, less than its {deadline} s shutdown deadline ({deadlineAt}): SIGKILL cuts the shutdown off. Allow at least {recommended} s.",
      noMargin:
        "{grace} leaves the server {available} s after SIGTERM for a {deadline} s shutdown deadline ({deadlineAt}): no margin for signal delivery and the final flush. Allow at least {recommended} s.",
      noTimeLeft: "{grace} leaves the server no time after SIGTERM: no shutdown code runs before SIGKILL, whatever its deadline.",
      killModeProcess:
        "KillMode=process sends the stop signal only to the main process: child processes the server started keep running after the unit stops ({file}).",
      killModeNone:
        "KillMode=none kills no process at all (deprecated): the server and its children outlive the unit's stop and TimeoutStopSec ({file}).",
    },
  },
  check(context) {
    const { model } = context;
    const facts = model.deployment;
    if (appPodSpecs(facts).length + appComposeServices(facts).length + facts.systemd.length === 0) {
      return { outcome: "not_applicable", reason: "no Kubernetes, compose or systemd configuration" };
    }
    const findings: FindingDraft[] = [];

    // KillMode is wrong whatever the deadline (systemd.kill(5)).
    for (const unit of facts.systemd) {
      const mode = unit.killMode.value;
      if (mode !== "process" && mode !== "none") continue;
      findings.push({
        messageId: mode === "process" ? "killModeProcess" : "killModeNone",
        data: { file: unit.file },
        at: unit.killMode.at,
        confidence: "high",
      });
    }

    const graces = platformGraces(facts, model.config, model.profiles).filter((grace) => ORCHESTRATORS.has(grace.platform));
    const deadline = longest(model.deadlines);
    let judged = false;
    for (const grace of graces) {
      const { at } = grace;
      if (!at) continue;
      const available = grace.seconds - grace.preStopSeconds;
      const uncertain = grace.fromTemplate === true;
      if (available <= 0) {
        findings.push({ messageId: "noTimeLeft", data: { grace: grace.description }, at, confidence: uncertain ? "medium" : "high" });
        continue;
      }
      if (!deadline) continue;
      judged = true;
      const deadlineSeconds = deadline.ms / 1000;
      if (deadlineSeconds <= available * MARGIN) continue;
      // Equal is a race the server loses (SD006: "equal fails"); between 80 % and 100 % only the margin is missing.
      const confidence: Confidence = deadlineSeconds >= available ? (uncertain || deadline.fromConfig ? "medium" : "high") : "low";
      findings.push({
        messageId: deadlineSeconds > available ? "graceTooShort" : "noMargin",
        data: {
          grace: grace.description,
          available: seconds(available),
          deadline: seconds(deadlineSeconds),
          deadlineAt: `${deadline.at.file}:${deadline.at.line}`,
          recommended: seconds(Math.ceil(grace.preStopSeconds + deadlineSeconds / MARGIN)),
        },
        at,
        confidence,
      });
    }

    for (const finding of findings) context.report(finding);
    if (findings.length > 0) return undefined;
    if (!deadline) return { outcome: "could_not_determine", reason: "no shutdown deadline found in the code" };
    if (!judged) return { outcome: "could_not_determine", reason: unresolvedReason(facts) };
    return undefined;
  },
});

/** The longest deadline the shutdown code plans for: every one of them must fit in the grace. */
function longest(deadlines: Deadline[]): Deadline | undefined {
  return deadlines.reduce<Deadline | undefined>((max, deadline) => (!max || deadline.ms > max.ms ? deadline : max), undefined);
}

function seconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function unresolvedReason(facts: DeploymentFacts): string {
  const pod = appPodSpecs(facts).find((candidate) => candidate.terminationGracePeriodSeconds.seconds === null);
  if (pod) {
    return `terminationGracePeriodSeconds in ${pod.file} is ${pod.terminationGracePeriodSeconds.raw ?? "templated"}, which Lastcall cannot evaluate`;
  }
  const service = appComposeServices(facts).find((candidate) => candidate.stopGracePeriod.seconds === null);
  if (service)
    return `stop_grace_period of ${service.name} in ${service.file} is ${service.stopGracePeriod.raw ?? "unset"}, which Lastcall cannot evaluate`;
  return "no grace period could be evaluated";
}
