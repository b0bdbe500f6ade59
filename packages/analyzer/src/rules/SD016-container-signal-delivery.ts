import { isJavaScriptWord } from "../deploy/launch.js";
import type { LaunchStep, SignalFact } from "../deploy/types.js";
import { launchRunsJavaScript } from "../deploy/workloads.js";
import type { ProjectModel, SourceSpan } from "../model/types.js";
import type { Confidence } from "../report.js";
import { createRule, type RuleContext } from "./rule.js";

/** One way the repository starts the server in a container, with what else decides signal delivery. */
interface ContainerLaunch {
  /** "Dockerfile", "compose service web", "container app of Deployment api". */
  label: string;
  steps: LaunchStep[];
  /** Init supplied by the runtime rather than the command (compose `init: true`). */
  runtimeInit: boolean;
  stopSignal?: SignalFact;
}

interface Problem {
  messageId: "shellForm" | "shellWithoutExec" | "scriptWithoutExec" | "packageManager";
  data: Record<string, string>;
  at: SourceSpan;
  confidence: Confidence;
}

export default createRule({
  meta: {
    id: "SD016",
    name: "container-signal-delivery",
    category: "G",
    severity: "high",
    title: "The container's PID 1 delivers the stop signal to Node",
    rationale:
      "Docker, compose and Kubernetes send the stop signal to PID 1 of the container only, then SIGKILL it after the grace " +
      "period. When PID 1 is a shell, npm, yarn, pnpm, npx or an entry script that does not exec Node, the signal stops " +
      "there: the server's shutdown code never runs and every deploy ends in SIGKILL. A STOPSIGNAL the server does not " +
      "listen for has the same effect, and without an init process the zombies of spawned child processes are never reaped.",
    remediation:
      'Start Node directly in exec form: CMD ["node", "dist/index.js"]. Make an entry script end with `exec node …`, run ' +
      "builds and migrations in RUN or in that script rather than through `npm start`, leave STOPSIGNAL at SIGTERM (or " +
      'handle the signal you set), and when the server spawns child processes put tini in front: ENTRYPOINT ["/usr/bin/tini", "--"], ' +
      "dumb-init, `docker run --init` or compose `init: true`.",
    messages: {
      shellForm:
        '{label}: {instruction} is in shell form, so Docker runs `{shell} -c "{script}"` and the shell, not Node, receives the stop signal.',
      shellWithoutExec:
        "{label}: `{shell} -c` runs `{script}` without `exec`; the shell stays PID 1 and does not forward the stop signal to Node.",
      scriptWithoutExec:
        "{label}: the entry script {script} ends with `{command}` instead of `exec {command}`; the shell stays PID 1 and Node never receives the stop signal.",
      packageManager:
        "{label}: the server starts through `{command}`; {program} becomes the process that receives the stop signal and does not reliably pass it on to Node.",
      unhandledStopSignal:
        "{label}: the stop signal is {signal}, which the server does not handle ({handled}); the shutdown code never runs before SIGKILL.",
      noInit:
        "{label}: the server spawns child processes but no init process (tini, dumb-init, compose `init: true`) runs as PID 1; Node does not reap orphaned descendants, which linger as zombies.",
    },
  },
  check(context) {
    const { model } = context;
    const launches = containerLaunches(model);
    const judged = launches.filter((launch) => launchRunsJavaScript(launch.steps));
    if (judged.length === 0) {
      const undetermined = launches.map((launch) => undeterminedReason(launch)).find((reason) => reason !== undefined);
      if (undetermined) return { outcome: "could_not_determine", reason: undetermined };
      return {
        outcome: "not_applicable",
        reason: model.deployment.dockerfiles.length === 0 ? "no Dockerfile" : "no Dockerfile runs the server",
      };
    }

    const spawnsChildren = model.opened.some((resource) => resource.kind === "child-process");
    for (const launch of judged) {
      const problem = firstProblem(launch);
      if (problem) context.report(problem);
      reportStopSignal(context, launch);
      const hasInit = launch.runtimeInit || launch.steps.some((step) => step.kind === "init");
      const first = launch.steps[0];
      if (spawnsChildren && !hasInit && first) {
        // RULES.md SD016: the missing init is medium; whether orphans appear depends on what the children do.
        context.report({ messageId: "noInit", data: { label: launch.label }, at: first.at, severity: "medium", confidence: "medium" });
      }
    }
    return undefined;
  },
});

/**
 * Dockerfiles' final stages, and compose services and Kubernetes containers that replace the
 * image's command. A compose service that builds a Dockerfile without overriding its command runs
 * that Dockerfile's launch: it contributes its `init` and `stop_signal` to it instead.
 */
function containerLaunches(model: ProjectModel): ContainerLaunch[] {
  const { dockerfiles, compose, kubernetes } = model.deployment;
  const launches: ContainerLaunch[] = dockerfiles.map((dockerfile) => {
    const services = compose.filter((service) => !service.launch && service.build?.dockerfile === dockerfile.file);
    const serviceSignal = services.find((service) => service.stopSignal)?.stopSignal;
    const stopSignal = serviceSignal ?? dockerfile.stopSignal;
    return {
      label: dockerfile.file,
      steps: dockerfile.launch,
      runtimeInit: services.some((service) => service.init?.value === true),
      ...(stopSignal ? { stopSignal } : {}),
    };
  });
  for (const service of compose) {
    if (!service.launch) continue;
    launches.push({
      label: `compose service ${service.name}`,
      steps: service.launch,
      runtimeInit: service.init?.value === true,
      ...(service.stopSignal ? { stopSignal: service.stopSignal } : {}),
    });
  }
  for (const pod of kubernetes) {
    for (const container of pod.containers) {
      if (!container.launch) continue;
      launches.push({
        label: `container ${container.name ?? "(unnamed)"} of ${pod.kind}${pod.name ? ` ${pod.name}` : ""}`,
        steps: container.launch,
        runtimeInit: false,
      });
    }
  }
  return launches;
}

/** The first hop that keeps the stop signal from Node (RULES.md fact 5: it must reach Node to run any handler). */
function firstProblem(launch: ContainerLaunch): Problem | undefined {
  const { label, steps } = launch;
  let possible: Problem | undefined;
  for (const [index, step] of steps.entries()) {
    const next = describeStep(steps[index + 1]);
    if (step.kind === "shell" && !step.execs && !step.forwardsSignals) {
      const instruction = step.at.excerpt.trim().split(/\s+/)[0]?.toUpperCase() ?? "CMD";
      const problem: Problem = {
        messageId: step.implicit ? "shellForm" : "shellWithoutExec",
        data: { label, instruction, shell: step.program, script: step.script },
        at: step.at,
        confidence: "high",
      };
      // Some /bin/sh builds (busybox ash, recent dash) exec a lone simple command in their place, so this may still work.
      if (!step.singleCommand) return problem;
      possible ??= { ...problem, confidence: "medium" };
    } else if (step.kind === "entry-script" && step.execs === false && !step.forwardsSignals) {
      return { messageId: "scriptWithoutExec", data: { label, script: step.path, command: next }, at: step.at, confidence: "high" };
    } else if (step.kind === "package-manager") {
      return {
        messageId: "packageManager",
        data: { label, command: step.argv.join(" "), program: step.program },
        at: step.at,
        confidence: "high",
      };
    }
  }
  return possible;
}

function reportStopSignal(context: RuleContext, launch: ContainerLaunch): void {
  const { stopSignal } = launch;
  // SIGTERM is Docker's default stop signal; a server that ignores it is SD001's finding, not this one.
  if (!stopSignal || stopSignal.signal === "SIGTERM" || context.model.handledSignals.has(stopSignal.signal)) return;
  const handled = [...context.model.handledSignals].sort();
  context.report({
    messageId: "unhandledStopSignal",
    data: {
      label: launch.label,
      signal: stopSignal.signal,
      handled: handled.length > 0 ? `it handles ${handled.join(", ")}` : "it handles no signal",
    },
    at: stopSignal.at,
    confidence: "high",
  });
}

function undeterminedReason(launch: ContainerLaunch): string | undefined {
  for (const step of launch.steps) {
    if (step.kind === "entry-script" && step.execs === null) {
      return `${launch.label}: the entry script ${step.path} is not in the repository`;
    }
    if (step.kind === "program" && step.program.startsWith("$")) {
      return `${launch.label}: the command comes from ${step.program}, which is set outside the repository`;
    }
    // An unknown wrapper handed the server's command (`/entrypoint node dist/index.js`) may or may not exec it.
    if (step.kind === "program" && !step.runsJavaScript && step.argv.slice(1).some(isJavaScriptWord)) {
      return `${launch.label}: ${step.program} is not in the repository, so how it starts ${step.argv.slice(1).join(" ")} is unknown`;
    }
  }
  return undefined;
}

function describeStep(step: LaunchStep | undefined): string {
  if (!step) return "its last command";
  switch (step.kind) {
    case "program":
    case "package-manager":
      return step.argv.join(" ");
    case "shell":
      return `${step.program} -c …`;
    case "entry-script":
      return step.path;
    case "init":
      return step.program;
  }
}
