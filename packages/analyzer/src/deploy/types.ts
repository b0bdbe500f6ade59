import type { SourceSpan } from "../model/types.js";
import type { ParseError } from "../report.js";

/**
 * Where a number in a deployment file comes from.
 * - `file`: written literally; `default`: absent, the platform default applies (RULES.md fact 3);
 * - `template-values`: a Helm expression resolved from the chart's `values.yaml`;
 * - `template-default`: a Helm `default N` or a compose `${VAR:-N}` fallback (the deployer may override it);
 * - `unresolved`: a template expression with no value we can see.
 */
export type ValueSource = "file" | "default" | "template-values" | "template-default" | "unresolved";

/** A duration in seconds. `seconds` is null when unresolved; `Infinity` when the platform never kills. */
export interface SecondsFact {
  seconds: number | null;
  source: ValueSource;
  /** The value as written (template expressions included); absent for defaults. */
  raw?: string;
  at: SourceSpan;
}

export interface SignalFact {
  /** Normalised name: `SIGTERM`, `SIGINT` (numbers and `TERM` are mapped). */
  signal: string;
  raw: string;
  at: SourceSpan;
}

/**
 * One hop between the container runtime and the program it finally runs, in order.
 * Spans point at the instruction or key that put the hop there (Dockerfile CMD/ENTRYPOINT,
 * compose `command`, Kubernetes `command`/`args`); hops found inside an entry script point at the
 * instruction that runs the script.
 */
export type LaunchStep =
  | { kind: "init"; program: "tini" | "dumb-init"; at: SourceSpan }
  | {
      kind: "shell";
      program: string;
      /** Added by Docker for a shell-form CMD/ENTRYPOINT (`/bin/sh -c`), not written by the author. */
      implicit: boolean;
      script: string;
      /** The script is one simple command (some `/bin/sh` builds exec it in place). */
      singleCommand: boolean;
      /** The script's final command is `exec …`: the shell is replaced and signals reach the program. */
      execs: boolean;
      /** The script traps SIGTERM and waits for its child, forwarding the signal itself. */
      forwardsSignals: boolean;
      at: SourceSpan;
    }
  | {
      kind: "entry-script";
      /** As written in the command. */
      path: string;
      /** Repository path of the script; null when it is not in the repository. */
      repoFile: string | null;
      /** null when the script could not be read. */
      execs: boolean | null;
      forwardsSignals: boolean | null;
      at: SourceSpan;
    }
  | { kind: "package-manager"; program: "npm" | "yarn" | "pnpm" | "npx"; argv: string[]; at: SourceSpan }
  | {
      kind: "program";
      program: string;
      argv: string[];
      /** A JavaScript runtime (node, tsx, ts-node, bun, deno) or a `.js`/`.mjs`/`.cjs`/`.ts` file run through its shebang. */
      runsJavaScript: boolean;
      at: SourceSpan;
    };

/** A Dockerfile CMD or ENTRYPOINT. Shell-form `argv` holds the words as written (Docker prefixes `/bin/sh -c`). */
export interface DockerCommand {
  form: "shell" | "exec";
  argv: string[];
  /** The instruction's arguments as written (continuations joined). */
  text: string;
  /** Name of the earlier stage it was inherited from (`FROM build AS final` without its own CMD). */
  inheritedFrom?: string;
  at: SourceSpan;
}

export interface DockerfileFacts {
  file: string;
  /** The last stage: what `docker build` produces without `--target`. */
  finalStage: { name?: string; base: string; at: SourceSpan };
  cmd?: DockerCommand;
  entrypoint?: DockerCommand;
  stopSignal?: SignalFact;
  /** ENTRYPOINT + CMD as Docker combines them, followed hop by hop; empty when neither is set. */
  launch: LaunchStep[];
}

/** Compose `command`/`entrypoint`: a string is split into words (no shell), a list is taken as is. */
export interface ComposeCommand {
  form: "string" | "list";
  argv: string[];
  at: SourceSpan;
}

export interface ComposeServiceFacts {
  file: string;
  name: string;
  at: SourceSpan;
  image?: string;
  build?: {
    /** Repository-relative context directory (`.` for the root). */
    context: string;
    /** Repository-relative Dockerfile path. */
    dockerfile: string;
    target?: string;
    at: SourceSpan;
  };
  /** `stop_grace_period`, Docker's 10 s when absent. */
  stopGracePeriod: SecondsFact;
  stopSignal?: SignalFact;
  init?: { value: boolean; at: SourceSpan };
  command?: ComposeCommand;
  entrypoint?: ComposeCommand;
  /** Set when the service overrides `command`/`entrypoint` or builds a `target` stage (merged with its Dockerfile's). */
  launch?: LaunchStep[];
}

export interface PreStopFacts {
  type: "sleep" | "exec" | "httpGet" | "tcpSocket";
  /** Time the hook holds the pod before SIGTERM; null when unknown (an HTTP call, a command without `sleep`). */
  seconds: number | null;
  source: ValueSource;
  at: SourceSpan;
}

export interface ContainerFacts {
  name?: string;
  image?: string;
  at: SourceSpan;
  command?: { argv: string[]; at: SourceSpan };
  args?: { argv: string[]; at: SourceSpan };
  preStop?: PreStopFacts;
  /** Set when the container overrides `command` (Kubernetes' ENTRYPOINT), with `args` after it. */
  launch?: LaunchStep[];
}

/** A pod spec found in a manifest or Helm template (Pod, or any kind with a pod template). */
export interface PodSpecFacts {
  file: string;
  kind: string;
  name?: string;
  /** The file is a Helm template: values may differ at install time. */
  helm: boolean;
  /** The pod spec's `spec:` key. */
  at: SourceSpan;
  /** 30 s when absent (RULES.md fact 3); counts from before preStop. */
  terminationGracePeriodSeconds: SecondsFact;
  containers: ContainerFacts[];
}

export interface SystemdUnitFacts {
  file: string;
  /** The `[Service]` section header. */
  at: SourceSpan;
  /** Effective stop timeout: the last of `TimeoutStopSec=`/`TimeoutSec=`, else systemd's 90 s default. */
  timeoutStop: SecondsFact;
  /** Literal `TimeoutStopSec=` and `TimeoutSec=` lines, as written. */
  timeoutStopSec?: SecondsFact;
  timeoutSec?: SecondsFact;
  /** `control-group` when absent (source `default`). */
  killMode: { value: string; source: "file" | "default"; at: SourceSpan };
  killSignal: { signal: string; source: "file" | "default"; at: SourceSpan };
  execStart: Array<{ argv: string[]; at: SourceSpan }>;
}

export interface DeploymentFacts {
  dockerfiles: DockerfileFacts[];
  compose: ComposeServiceFacts[];
  kubernetes: PodSpecFacts[];
  systemd: SystemdUnitFacts[];
  parseErrors: ParseError[];
}

export function emptyDeploymentFacts(): DeploymentFacts {
  return { dockerfiles: [], compose: [], kubernetes: [], systemd: [], parseErrors: [] };
}
