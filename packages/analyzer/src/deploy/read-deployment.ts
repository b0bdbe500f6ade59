import path from "node:path";
import { readCompose } from "./compose.js";
import { type DockerStage, findImageScript, parseDockerfile, type StageImage, stageImage } from "./dockerfile.js";
import { chartValues, isHelmTemplate, neutralizeTemplate } from "./helm.js";
import { mayHoldPodSpec, readKubernetes } from "./kubernetes.js";
import { type CommandWords, containerArgv, followLaunch, type LaunchWord, type ScriptResolver } from "./launch.js";
import { sourceText } from "./source-text.js";
import { readSystemdUnit } from "./systemd.js";
import {
  type ComposeCommand,
  type ComposeServiceFacts,
  type DeploymentFacts,
  type DockerCommand,
  emptyDeploymentFacts,
  type PodSpecFacts,
} from "./types.js";
import { MAX_YAML_CHARS } from "./yaml-nodes.js";

export type ReadFile = (path: string) => string | undefined;

const DOCKERFILE = /^(docker|container)file$|^(docker|container)file\.[\w.-]+$|\.(docker|container)file$/i;
const NOT_A_DOCKERFILE = /\.(dockerignore|md)$/i;
const COMPOSE_FILE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;
const YAML_FILE = /\.ya?ml$/i;
const NEVER_MANIFESTS = /(^|\/)\.github\/|(^|\/)(pnpm-lock|pnpm-workspace|\.yarnrc)\.ya?ml$/;

/** Called by the file walker on repository-relative paths, by name only. */
export function isDeploymentFileCandidate(filePath: string): boolean {
  const name = path.posix.basename(filePath);
  if (isDockerfile(name)) return true;
  if (name.endsWith(".service")) return true;
  return YAML_FILE.test(name) && !NEVER_MANIFESTS.test(filePath);
}

/**
 * Reads deployment files into facts. `readFile` reaches other repository files: entry scripts
 * a Dockerfile runs and a Helm chart's `values.yaml`. Files that do not parse become
 * `parseErrors`; nothing throws.
 */
export function readDeployment(files: Array<{ path: string; text: string }>, readFile: ReadFile): DeploymentFacts {
  const facts = emptyDeploymentFacts();
  const images = new Map<string, DockerStage[]>();
  const sorted = [...files].sort((a, b) => compare(a.path, b.path));

  for (const file of sorted) {
    const name = path.posix.basename(file.path);
    if (!isDockerfile(name)) continue;
    const parsed = parseDockerfile(sourceText(file.path, file.text));
    if (!parsed.ok) {
      facts.parseErrors.push(parsed.error);
      continue;
    }
    images.set(file.path, parsed.stages);
    const final = parsed.stages[parsed.stages.length - 1] as DockerStage;
    const image = stageImage(final);
    const resolve = imageScripts(image, file.path, [path.posix.dirname(file.path), "."], readFile);
    facts.dockerfiles.push({
      file: file.path,
      finalStage: { ...(final.name ? { name: final.name } : {}), base: final.base, at: final.at },
      ...(image.cmd ? { cmd: image.cmd } : {}),
      ...(image.entrypoint ? { entrypoint: image.entrypoint } : {}),
      ...(image.stopSignal ? { stopSignal: image.stopSignal } : {}),
      launch: followLaunch(containerArgv(dockerWords(image.entrypoint, image), dockerWords(image.cmd, image)), resolve),
    });
  }

  for (const file of sorted) {
    const name = path.posix.basename(file.path);
    if (YAML_FILE.test(name) && file.text.length > MAX_YAML_CHARS) {
      facts.parseErrors.push({ file: file.path, message: `not read: larger than ${MAX_YAML_CHARS / 1024} KiB` });
      continue;
    }
    const source = sourceText(file.path, file.text);
    if (COMPOSE_FILE.test(name)) {
      for (const service of readCompose(source, facts.parseErrors)) {
        facts.compose.push(withComposeLaunch(service, images, readFile));
      }
    } else if (YAML_FILE.test(name) && mayHoldPodSpec(file.text)) {
      const template = isHelmTemplate(file.text) ? neutralizeTemplate(file.text, chartValues(file.path, readFile)) : undefined;
      for (const pod of readKubernetes(source, template, facts.parseErrors)) {
        facts.kubernetes.push(withContainerLaunches(pod, readFile));
      }
    } else if (name.endsWith(".service")) {
      const unit = readSystemdUnit(source, facts.parseErrors);
      if (unit) facts.systemd.push(unit);
    }
  }
  facts.parseErrors.sort((a, b) => compare(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));
  return facts;
}

/**
 * A service that overrides `command`/`entrypoint` or builds a `target` stage runs something other
 * than its Dockerfile's final stage: follow that. Compose command strings are split into words
 * and run without a shell, like exec form.
 */
function withComposeLaunch(service: ComposeServiceFacts, images: Map<string, DockerStage[]>, readFile: ReadFile): ComposeServiceFacts {
  if (!service.command && !service.entrypoint && !service.build?.target) return service;
  const stages = service.build && images.get(service.build.dockerfile);
  const stage = stages && (stages.find((candidate) => candidate.name === service.build?.target) ?? stages[stages.length - 1]);
  const image = stage && stageImage(stage);
  const entrypoint = service.entrypoint ? composeWords(service.entrypoint) : image && dockerWords(image.entrypoint, image);
  // Compose, like `docker run --entrypoint`, drops the image's CMD when it replaces the entrypoint.
  const cmd = service.command ? composeWords(service.command) : service.entrypoint ? undefined : image && dockerWords(image.cmd, image);
  const contexts = service.build ? [service.build.context, "."] : ["."];
  const resolve =
    image && service.build ? imageScripts(image, service.build.dockerfile, contexts, readFile) : repositoryScripts(contexts, readFile);
  return { ...service, launch: followLaunch(containerArgv(entrypoint, cmd), resolve) };
}

/** Kubernetes `command` replaces the image's ENTRYPOINT (and its CMD unless `args` is set). */
function withContainerLaunches(pod: PodSpecFacts, readFile: ReadFile): PodSpecFacts {
  return {
    ...pod,
    containers: pod.containers.map((container) => {
      const { command, args } = container;
      if (!command) return container;
      const words: LaunchWord[] = [
        ...command.argv.map((value) => ({ value, at: command.at })),
        ...(args ? args.argv.map((value) => ({ value, at: args.at })) : []),
      ];
      return { ...container, launch: followLaunch(words, repositoryScripts(["."], readFile)) };
    }),
  };
}

function dockerWords(command: DockerCommand | undefined, image: StageImage): CommandWords | undefined {
  if (!command) return undefined;
  if (command.form === "exec") {
    return { words: command.argv.map((value) => ({ value, at: command.at })), shellForm: false };
  }
  const shell = image.shell.map((value, index) => ({ value, at: command.at, implicitShell: index === 0 }));
  return { words: [...shell, { value: command.text, at: command.at }], shellForm: true };
}

function composeWords(command: ComposeCommand): CommandWords {
  return { words: command.argv.map((value) => ({ value, at: command.at })), shellForm: false };
}

function imageScripts(image: StageImage, dockerfile: string, contexts: string[], readFile: ReadFile): ScriptResolver {
  const unique = [...new Set(contexts)];
  return (written) => findImageScript(written, image, dockerfile, unique, readFile);
}

/** Without a Dockerfile to map paths, look for the script as written and by its name in the context. */
function repositoryScripts(contexts: string[], readFile: ReadFile): ScriptResolver {
  return (written) => {
    const candidates = [written.startsWith("/") ? undefined : written, path.posix.basename(written)];
    for (const context of new Set(contexts)) {
      for (const candidate of candidates) {
        if (!candidate) continue;
        const repoFile = path.posix.join(context, candidate);
        const text = repoFile.startsWith("../") ? undefined : readFile(repoFile);
        if (text !== undefined) return { repoFile, text };
      }
    }
    return undefined;
  };
}

function isDockerfile(name: string): boolean {
  return DOCKERFILE.test(name) && !NOT_A_DOCKERFILE.test(name);
}

/** Code-unit order, independent of locale, for deterministic output. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
