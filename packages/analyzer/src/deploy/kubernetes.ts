import { isMap, isSeq, type Pair } from "yaml";
import type { SourceSpan } from "../model/types.js";
import type { ParseError } from "../report.js";
import { type HelmTemplate, resolveTemplate, restoreTemplate } from "./helm.js";
import { type SourceText, sourceText, wholeLineSpan } from "./source-text.js";
import type { ContainerFacts, PodSpecFacts, PreStopFacts, SecondsFact } from "./types.js";
import {
  itemsOf,
  keySpan,
  mapPair,
  mapPath,
  mapValue,
  nodeSpan,
  pairSpan,
  parseYamlDocuments,
  scalarText,
  stringList,
} from "./yaml-nodes.js";

/** Kubernetes' `terminationGracePeriodSeconds` when a pod spec sets none (RULES.md fact 3). */
export const KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

/** Where each kind keeps its pod spec: a Pod is one, CronJobs nest a Job template, the rest carry `spec.template`. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ["spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};
const TEMPLATE_POD_SPEC_PATH = ["spec", "template", "spec"];

/** Does this text look like a manifest with a pod spec? A cheap test before parsing any YAML file. */
export function mayHoldPodSpec(text: string): boolean {
  // [ \t] rather than \s: with the m flag, \s would run across blank lines from every line start.
  return /^[ \t]*kind:[ \t]*\S/m.test(text) && /^[ \t]*(-[ \t]+)?containers:/m.test(text);
}

/**
 * Reads the pod specs of a manifest stream. `template` is set for Helm templates; the caller
 * parses its neutralised text, and values are resolved through it.
 */
export function readKubernetes(original: SourceText, template: HelmTemplate | undefined, errors: ParseError[]): PodSpecFacts[] {
  // Offsets come from the neutralised text; excerpts stay the template's own lines.
  const source = template ? { ...sourceText(original.file, template.text), lines: original.lines } : original;
  const documents = parseYamlDocuments(source, errors);
  const objects = documents.flatMap((document) => {
    const root = document.contents;
    return scalarText(mapValue(root, "kind")) === "List" ? itemsOf(mapValue(root, "items")) : [root];
  });
  return objects.flatMap((object) => {
    const kind = scalarText(mapValue(object, "kind"));
    if (!kind) return [];
    const specPath = POD_SPEC_PATHS[kind] ?? TEMPLATE_POD_SPEC_PATH;
    const parent = mapPath(object, specPath.slice(0, -1));
    const specPair = mapPair(parent, "spec");
    if (!specPair || !isSeq(mapValue(specPair.value, "containers"))) return [];
    const name = scalarText(mapPath(object, ["metadata", "name"]));
    const pod: PodSpecFacts = {
      file: source.file,
      kind,
      ...(name ? { name: restoreTemplate(name, template) } : {}),
      helm: template !== undefined,
      at: keySpan(source, specPair),
      terminationGracePeriodSeconds: gracePeriod(source, specPair, template),
      containers: itemsOf(mapValue(specPair.value, "containers")).map((item) => container(source, item, template)),
    };
    return [pod];
  });
}

function gracePeriod(source: SourceText, specPair: Pair, template: HelmTemplate | undefined): SecondsFact {
  const pair = mapPair(specPair.value, "terminationGracePeriodSeconds");
  const raw = pair && scalarText(pair.value);
  if (!pair || raw === undefined) {
    return { seconds: KUBERNETES_DEFAULT_GRACE_SECONDS, source: "default", at: keySpan(source, specPair) };
  }
  const resolved = resolveTemplate(raw, template);
  return {
    seconds: /^\d+$/.test(resolved.text) ? Number(resolved.text) : null,
    source: resolved.source,
    raw: restoreTemplate(raw, template),
    at: pairSpan(source, pair),
  };
}

function container(source: SourceText, item: unknown, template: HelmTemplate | undefined): ContainerFacts {
  const facts: ContainerFacts = { at: wholeLineSpan(source, nodeSpan(source, item).line) };
  const name = scalarText(mapValue(item, "name"));
  if (name) facts.name = restoreTemplate(name, template);
  const image = scalarText(mapValue(item, "image"));
  if (image) facts.image = restoreTemplate(image, template);
  for (const key of ["command", "args"] as const) {
    const pair = mapPair(item, key);
    const argv = pair && stringList(pair.value);
    if (pair && argv) facts[key] = { argv: argv.map((word) => restoreTemplate(word, template)), at: pairSpan(source, pair) };
  }
  const preStopPair = mapPair(mapValue(item, "lifecycle"), "preStop");
  if (preStopPair && isMap(preStopPair.value)) facts.preStop = preStop(source, preStopPair, template);
  return facts;
}

/** How long a preStop hook holds the pod: `sleep.seconds` (Kubernetes 1.29+) or `sleep N` in an exec command. */
function preStop(source: SourceText, pair: Pair, template: HelmTemplate | undefined): PreStopFacts {
  const hook = pair.value;
  const at: SourceSpan = keySpan(source, pair);
  const sleepSeconds = scalarText(mapPath(hook, ["sleep", "seconds"]));
  if (sleepSeconds !== undefined) {
    const resolved = resolveTemplate(sleepSeconds, template);
    const seconds = /^\d+$/.test(resolved.text) ? Number(resolved.text) : null;
    return { type: "sleep", seconds, source: resolved.source, at };
  }
  const command = stringList(mapPath(hook, ["exec", "command"]));
  if (command) {
    const resolved = resolveTemplate(command.join(" "), template);
    const sleeps = [...resolved.text.matchAll(/\bsleep\s+(\d+(?:\.\d+)?)([smh]?)\b/g)];
    const unit: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600 };
    const seconds = sleeps.reduce((sum, match) => sum + Number(match[1]) * (unit[match[2] ?? ""] ?? 1), 0);
    const unknown = sleeps.length === 0 || /\bsleep\s+\{\{/.test(resolved.text);
    return { type: "exec", seconds: unknown ? null : seconds, source: resolved.source, at };
  }
  const type = mapValue(hook, "httpGet") ? "httpGet" : "tcpSocket";
  return { type, seconds: null, source: "file", at };
}
