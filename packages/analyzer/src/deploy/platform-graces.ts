import type { SourceSpan } from "../model/types.js";
import { DOCKER_DEFAULT_GRACE_SECONDS } from "./compose.js";
import type { DeploymentFacts, SecondsFact } from "./types.js";
import { appComposeServices, appContainers, appPodSpecs } from "./workloads.js";

export type GracePlatform = "stdio" | "docker" | "compose" | "kubernetes" | "systemd";

/** Time a platform gives the process between the stop signal (or stdin EOF) and SIGKILL. */
export interface PlatformGrace {
  platform: GracePlatform;
  /** Infinity when the platform never kills (systemd `TimeoutStopSec=infinity`). */
  seconds: number;
  /** Part of `seconds` a Kubernetes preStop hook uses before SIGTERM; 0 elsewhere. */
  preStopSeconds: number;
  source: "file" | "default" | "config";
  /** The file's value is a Helm values/default or compose `${VAR:-…}` fallback: the deployer may change it. */
  fromTemplate?: boolean;
  at?: SourceSpan;
  description: string;
}

export interface GraceConfig {
  grace: { docker?: number; kubernetes?: number; systemd?: number; stdio?: number };
}

/** MCP SDK clients wait about 2 s after closing stdin before SIGTERM (RULES.md fact 3). */
export const STDIO_GRACE_SECONDS = 2;

/**
 * The graces the server's deadline must fit in, one per detected deployment (RULES.md fact 3,
 * SD006). Graces that depend on a template value we cannot resolve are left out. A Dockerfile built
 * by a compose service takes that service's grace instead of Docker's default. A value declared
 * in `.lastcall.json` replaces that platform's file and default values (Docker's covers compose);
 * with no file for the platform it stands alone.
 */
export function platformGraces(facts: DeploymentFacts, config: GraceConfig, profiles: Set<"stdio" | "http">): PlatformGrace[] {
  const graces: PlatformGrace[] = [];
  if (profiles.has("stdio")) {
    const stdio: PlatformGrace = {
      platform: "stdio",
      seconds: STDIO_GRACE_SECONDS,
      preStopSeconds: 0,
      source: "default",
      description: `MCP clients send SIGTERM about ${STDIO_GRACE_SECONDS} s after closing stdin`,
    };
    graces.push(...configured([stdio], "stdio", config.grace.stdio));
  }

  const composeServices = appComposeServices(facts);
  // A Dockerfile that a compose service builds stops under that service's stop_grace_period (or its
  // own 10 s default, listed with the service), never under a second, separate 10 s (RULES.md SD006).
  const builtByCompose = new Set(composeServices.flatMap((service) => (service.build ? [service.build.dockerfile] : [])));
  const docker: PlatformGrace[] = facts.dockerfiles
    .filter((dockerfile) => !builtByCompose.has(dockerfile.file))
    .map((dockerfile) => ({
      platform: "docker",
      seconds: DOCKER_DEFAULT_GRACE_SECONDS,
      preStopSeconds: 0,
      source: "default",
      at: dockerfile.cmd?.at ?? dockerfile.entrypoint?.at ?? dockerfile.finalStage.at,
      description: `docker stop sends SIGKILL ${DOCKER_DEFAULT_GRACE_SECONDS} s after the stop signal (${dockerfile.file})`,
    }));
  for (const service of composeServices) {
    const grace = service.stopGracePeriod;
    if (!hasSeconds(grace)) continue;
    docker.push({
      platform: "compose",
      seconds: grace.seconds,
      preStopSeconds: 0,
      ...fileSource(grace),
      at: grace.at,
      description: `compose service ${service.name}: stop_grace_period ${describe(grace)} (${service.file})`,
    });
  }
  graces.push(...configured(docker, "docker", config.grace.docker));

  const kubernetes: PlatformGrace[] = [];
  for (const pod of appPodSpecs(facts)) {
    const grace = pod.terminationGracePeriodSeconds;
    if (!hasSeconds(grace)) continue;
    const preStops = appContainers(pod).flatMap((container) => (container.preStop ? [container.preStop] : []));
    const preStopSeconds = Math.max(0, ...preStops.map((hook) => hook.seconds ?? 0));
    const unknownHook = preStops.some((hook) => hook.seconds === null);
    kubernetes.push({
      platform: "kubernetes",
      seconds: grace.seconds,
      preStopSeconds,
      ...fileSource(grace),
      at: grace.at,
      description:
        `${pod.kind}${pod.name ? ` ${pod.name}` : ""}: terminationGracePeriodSeconds ${describe(grace)}` +
        (preStopSeconds > 0 ? `, preStop ${preStopSeconds} s` : "") +
        (unknownHook ? ", a preStop hook of unknown length" : "") +
        ` (${pod.file})`,
    });
  }
  graces.push(...configured(kubernetes, "kubernetes", config.grace.kubernetes));

  const systemd: PlatformGrace[] = [];
  for (const unit of facts.systemd) {
    const grace = unit.timeoutStop;
    if (!hasSeconds(grace)) continue;
    systemd.push({
      platform: "systemd",
      seconds: grace.seconds,
      preStopSeconds: 0,
      ...fileSource(grace),
      at: grace.at,
      description: `systemd TimeoutStopSec ${describe(grace)} (${unit.file})`,
    });
  }
  graces.push(...configured(systemd, "systemd", config.grace.systemd));
  return graces;
}

function configured(graces: PlatformGrace[], platform: GracePlatform, seconds: number | undefined): PlatformGrace[] {
  if (seconds === undefined) return graces;
  if (graces.length === 0) {
    return [{ platform, seconds, preStopSeconds: 0, source: "config", description: declared(platform, seconds) }];
  }
  return graces.map((grace) => ({
    platform: grace.platform,
    seconds,
    preStopSeconds: grace.preStopSeconds,
    source: "config",
    ...(grace.at ? { at: grace.at } : {}),
    description: `${declared(platform, seconds)}, replacing ${grace.description}`,
  }));
}

function declared(platform: GracePlatform, seconds: number): string {
  return `${platform} grace ${seconds} s declared in .lastcall.json`;
}

function hasSeconds(fact: SecondsFact): fact is SecondsFact & { seconds: number } {
  return fact.seconds !== null;
}

function fileSource(fact: SecondsFact): Pick<PlatformGrace, "source" | "fromTemplate"> {
  if (fact.source === "default") return { source: "default" };
  return fact.source === "file" ? { source: "file" } : { source: "file", fromTemplate: true };
}

/** `30 s (default)`, `1m30s = 90 s`, `90 s from values.yaml`. */
function describe(fact: SecondsFact): string {
  const seconds = fact.seconds === Number.POSITIVE_INFINITY ? "infinity (never kills)" : `${fact.seconds} s`;
  const written = fact.raw !== undefined && fact.raw !== String(fact.seconds) ? `${fact.raw} = ` : "";
  const origins: Record<SecondsFact["source"], string> = {
    file: "",
    default: " (default)",
    "template-values": " from the chart's values.yaml",
    "template-default": " (template default; may be overridden at deploy time)",
    unresolved: "",
  };
  return `${written}${seconds}${origins[fact.source]}`;
}
