import path from "node:path";
import { isMap, isScalar, isSeq, type Pair } from "yaml";
import type { ParseError } from "../report.js";
import { shellWords } from "./shell-words.js";
import type { SourceText } from "./source-text.js";
import type { ComposeCommand, ComposeServiceFacts, SecondsFact, ValueSource } from "./types.js";
import { normalizeSignal, parseComposeDuration } from "./units.js";
import { keySpan, mapPair, mapValue, pairSpan, pairsOf, parseYamlDocuments, scalarText, stringList } from "./yaml-nodes.js";

/** Docker's stop timeout when compose sets no `stop_grace_period` (RULES.md fact 3). */
export const DOCKER_DEFAULT_GRACE_SECONDS = 10;

export function readCompose(source: SourceText, errors: ParseError[]): ComposeServiceFacts[] {
  const documents = parseYamlDocuments(source, errors);
  const composeDir = path.posix.dirname(source.file);
  return documents.flatMap((document) =>
    pairsOf(mapValue(document.contents, "services")).flatMap((pair) => {
      const name = scalarText(pair.key);
      return name && isMap(pair.value) ? [readService(source, composeDir, name, pair, errors)] : [];
    }),
  );
}

function readService(source: SourceText, composeDir: string, name: string, servicePair: Pair, errors: ParseError[]): ComposeServiceFacts {
  const service = servicePair.value;
  const at = keySpan(source, servicePair);
  const facts: ComposeServiceFacts = {
    file: source.file,
    name,
    at,
    stopGracePeriod: stopGracePeriod(source, mapPair(service, "stop_grace_period"), at, errors),
  };

  const image = scalarText(mapValue(service, "image"));
  if (image) facts.image = image;

  const buildPair = mapPair(service, "build");
  if (buildPair) {
    const build = buildPair.value;
    const context = isScalar(build) ? scalarText(build) : (scalarText(mapValue(build, "context")) ?? ".");
    // A remote context (git URL) holds no Dockerfile of this repository.
    if (context !== undefined && !/^[a-z]+:\/\/|^git@/.test(context)) {
      const contextDir = path.posix.join(composeDir, context);
      const dockerfile = scalarText(mapValue(build, "dockerfile")) ?? "Dockerfile";
      const target = scalarText(mapValue(build, "target"));
      facts.build = {
        context: contextDir,
        dockerfile: path.posix.join(contextDir, dockerfile),
        ...(target ? { target } : {}),
        at: pairSpan(source, buildPair),
      };
    }
  }

  const stopSignalPair = mapPair(service, "stop_signal");
  const stopSignal = stopSignalPair && scalarText(stopSignalPair.value);
  if (stopSignalPair && stopSignal) {
    facts.stopSignal = { signal: normalizeSignal(stopSignal), raw: stopSignal, at: pairSpan(source, stopSignalPair) };
  }

  const initPair = mapPair(service, "init");
  if (initPair && isScalar(initPair.value)) {
    facts.init = { value: initPair.value.value === true, at: pairSpan(source, initPair) };
  }

  const command = composeCommand(source, mapPair(service, "command"));
  if (command) facts.command = command;
  const entrypoint = composeCommand(source, mapPair(service, "entrypoint"));
  if (entrypoint) facts.entrypoint = entrypoint;
  return facts;
}

function stopGracePeriod(source: SourceText, pair: Pair | undefined, serviceAt: SecondsFact["at"], errors: ParseError[]): SecondsFact {
  const raw = pair && scalarText(pair.value);
  if (!pair || raw === undefined) return { seconds: DOCKER_DEFAULT_GRACE_SECONDS, source: "default", at: serviceAt };
  const at = pairSpan(source, pair);
  const { text, source: valueSource } = interpolate(raw);
  const seconds = valueSource === "unresolved" ? null : parseComposeDuration(text);
  if (seconds === null && valueSource !== "unresolved") {
    errors.push({ file: source.file, line: at.line, message: `stop_grace_period "${raw}" is not a duration` });
  }
  return { seconds, source: valueSource, raw, at };
}

/** Compose variable interpolation: `${VAR:-30s}` / `${VAR-30s}` take the fallback; `${VAR}` cannot be known. */
function interpolate(raw: string): { text: string; source: ValueSource } {
  let source: ValueSource = "file";
  const text = raw.replace(/\$\$|\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (whole, _braced?: string, fallback?: string) => {
    if (whole === "$$") return "$";
    if (fallback !== undefined) {
      if (source === "file") source = "template-default";
      return fallback;
    }
    source = "unresolved";
    return whole;
  });
  return { text, source };
}

function composeCommand(source: SourceText, pair: Pair | undefined): ComposeCommand | undefined {
  if (!pair) return undefined;
  const at = pairSpan(source, pair);
  if (isSeq(pair.value)) return { form: "list", argv: stringList(pair.value) ?? [], at };
  const text = scalarText(pair.value);
  return text === undefined ? undefined : { form: "string", argv: shellWords(text), at };
}
