import type { ts } from "ts-morph";
import type { LastcallConfig } from "../config/config-schema.js";
import type { DeploymentFacts } from "../deploy/types.js";
import { skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import { findEntryPoints, type PackageManifest } from "./find-entry-points.js";
import { findHttpSessions } from "./find-http-sessions.js";
import { findResources } from "./find-resources.js";
import { findSecrets } from "./find-secrets.js";
import { findStdioInputs } from "./find-stdio-inputs.js";
import { findToolHandlers } from "./find-tool-handlers.js";
import { findTriggers } from "./find-triggers.js";
import { SHUTDOWN_LIBRARIES } from "./library-catalog.js";
import type { FunctionFacts, ModuleFacts } from "./module-facts.js";
import { Resolver } from "./resolver.js";
import { spanOf } from "./source-span.js";
import type { Deadline, OpenedResource, PathStep, ProjectModel, Trigger } from "./types.js";
import { type PathContext, walkShutdownPath } from "./walk-shutdown-path.js";

export interface ProjectInput {
  root: string;
  modules: Map<string, ModuleFacts>;
  packages: PackageManifest[];
  deployment: DeploymentFacts;
  config: LastcallConfig;
}

/** Builds the project model once; rules only read it (ANALYZER.md, layers 3–5). */
export function buildProjectModel(input: ProjectInput): ProjectModel {
  const resolver = new Resolver(input.modules);
  const { handlers: toolHandlers, handlerFns } = findToolHandlers(resolver);
  const routeFns = findRouteHandlers(resolver);
  const requestScoped = (fn: FunctionFacts): boolean => {
    for (let scope: FunctionFacts | undefined = fn; scope; scope = scope.parent)
      if (handlerFns.has(scope) || routeFns.has(scope)) return true;
    return false;
  };
  const opened = findResources(resolver, requestScoped);
  const resourcesByKey = new Map<string, OpenedResource[]>();
  for (const resource of opened) {
    if (!resource.binding) continue;
    resourcesByKey.set(resource.binding, [...(resourcesByKey.get(resource.binding) ?? []), resource]);
  }
  const context: PathContext = {
    resolver,
    resourcesByKey,
    moduleClosers: opened.filter((resource) => resource.traits.includes("module-close")),
  };

  const stdioInputs = findStdioInputs(resolver);
  const inputStreams = new Set(stdioInputs.flatMap(({ input }) => (input.kind === "stream" ? [input.binding] : [])));
  const { triggers: sites, drainDeadlines, nestShutdownHooks, unresolvedListeners } = findTriggers(resolver, inputStreams);
  const triggers: Trigger[] = [];
  const deadlines: Deadline[] = [...drainDeadlines];
  for (const site of sites) {
    const trigger: Trigger = { kind: site.kind, events: site.events, method: site.method, at: site.at };
    if (site.library) trigger.library = site.library;
    if (site.stream) trigger.stream = site.stream;
    const handler = site.handlers[0];
    if (handler) {
      trigger.path = walkShutdownPath(context, handler.fn, handler.env);
      if (site.method === "once") trigger.path.guarded = true;
    } else {
      trigger.unresolvedHandler = site.unresolvedHandler ?? "the handler could not be resolved";
    }
    if (site.deadline) deadlines.push({ ...site.deadline, at: site.at });
    triggers.push(trigger);
  }
  for (const at of nestShutdownHooks) {
    triggers.push({
      kind: "library",
      events: ["SIGTERM", "SIGINT", "SIGHUP"],
      method: "library",
      library: "@nestjs/core",
      at,
      unresolvedHandler: "NestJS runs its lifecycle hooks (onModuleDestroy, beforeApplicationShutdown)",
    });
  }
  deadlines.push(...pathDeadlines(triggers));

  const modules = new Map<string, ProjectModel["modules"] extends Map<string, infer V> ? V : never>();
  for (const module of input.modules.values()) {
    const packageImports = [
      ...new Set(
        [...[...module.imports.values()].map((binding) => binding.specifier), ...module.sideEffectImports].filter(
          (specifier) => !specifier.startsWith("."),
        ),
      ),
    ];
    const localImports = [
      ...module.imports.values(),
      ...[...module.exports.values()].filter((target) => "specifier" in target),
      ...[...module.starExports, ...module.sideEffectImports].map((specifier) => ({ specifier })),
    ]
      .map((binding) => resolver.resolveModule(module.file, binding.specifier))
      .filter((file): file is string => file !== undefined);
    modules.set(module.file, {
      file: module.file,
      sourceFile: module.sourceFile,
      packageImports,
      localImports: [...new Set(localImports)],
    });
  }

  const entryPoints = findEntryPoints(resolver, modules, opened, input.packages);
  const profiles = new Set(entryPoints.flatMap((entry) => entry.profiles));
  const handledSignals = signalsHandledBy(triggers);
  const shutdownLibraries = new Set<string>();
  for (const module of modules.values()) {
    for (const specifier of module.packageImports) {
      const library = SHUTDOWN_LIBRARIES.find((candidate) => candidate.modules.includes(specifier));
      if (library) shutdownLibraries.add(library.name);
      if (["http-terminator", "stoppable", "@godaddy/terminus", "lightship"].includes(specifier)) shutdownLibraries.add(specifier);
    }
  }
  const { secrets, secretEnvWrites, secretEnvReads } = findSecrets(resolver);
  return {
    root: input.root,
    config: input.config,
    modules,
    entryPoints,
    profiles,
    triggers,
    stdioInputs,
    opened,
    deadlines,
    toolHandlers,
    secrets,
    secretEnvWrites,
    secretEnvReads,
    handledSignals,
    unresolvedListeners,
    exits: findExits(resolver),
    httpSessions: findHttpSessions(resolver, opened, triggers),
    deployment: input.deployment,
    shutdownLibraries,
  };
}

/** Signals the program handles through its own listeners or an accepted library. */
export function signalsHandledBy(triggers: Trigger[]): Set<string> {
  const signals = new Set<string>();
  for (const trigger of triggers) {
    if (trigger.kind !== "signal" && trigger.kind !== "library") continue;
    for (const event of trigger.events) if (event.startsWith("SIG")) signals.add(event);
  }
  return signals;
}

const ROUTE_METHODS = new Set(["get", "post", "put", "delete", "patch", "all", "use", "options", "head", "route"]);

/**
 * HTTP route and request callbacks (`app.post("/mcp", …)`, `createServer((req, res) => …)`): what
 * they open lives for one request (ANALYZER.md, Live handles).
 */
function findRouteHandlers(resolver: Resolver): Set<FunctionFacts> {
  const handlers = new Set<FunctionFacts>();
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const method = call.chain?.[call.chain.length - 1] ?? "";
        const first = call.node.arguments?.[0];
        const isRoute =
          ROUTE_METHODS.has(method) &&
          (call.chain?.length ?? 0) >= 2 &&
          !!first &&
          (compiler.isStringLiteralLike(first) || compiler.isRegularExpressionLiteral(first));
        const isRequestListener =
          method === "createServer" || (method === "on" && !!first && compiler.isStringLiteralLike(first) && first.text === "request");
        if (!isRoute && !isRequestListener) continue;
        for (const argFn of call.argFns) if (argFn) handlers.add(argFn);
      }
    }
  }
  return handlers;
}

/** Force-exit timers, `AbortSignal.timeout` and races found on shutdown paths. */
function pathDeadlines(triggers: Trigger[]): Deadline[] {
  const deadlines: Deadline[] = [];
  const seen = new Set<string>();
  for (const trigger of triggers) {
    for (const step of trigger.path?.steps ?? []) {
      const key = `${step.at.file}:${step.at.line}:${step.at.column}`;
      if (seen.has(key)) continue;
      if (step.action.type === "timer" && step.action.exits) {
        seen.add(key);
        for (const value of step.action.values) {
          // A delay passed in from elsewhere is judged where it is written: that decides which entry point it belongs to.
          const at = value.writtenAt && value.writtenAt.file !== step.at.file ? value.writtenAt : step.at;
          deadlines.push({ ms: value.ms, source: "timer", fromConfig: value.fromConfig, at });
        }
      }
      if (step.action.type === "abort-signal-timeout" && step.action.ms !== null) {
        seen.add(key);
        deadlines.push({ ms: step.action.ms, source: "abort-signal-timeout", fromConfig: false, at: step.at });
      }
    }
  }
  return deadlines;
}

/** Every `process.exit`, `process.kill(process.pid)` and `process.abort` in the project. */
function findExits(resolver: Resolver): PathStep[] {
  const exits: PathStep[] = [];
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const chain = call.chain;
        if (!chain || !["exit", "abort", "kill"].includes(chain[chain.length - 1] ?? "")) continue;
        const origin = resolver.originOf({ expr: call.node.expression, fn, env: Resolver.emptyEnv() });
        if (origin?.module !== "process") continue;
        const how = origin.path.join(".");
        if (how !== "exit" && how !== "abort" && !(how === "kill" && call.node.arguments?.[0]?.getText() === "process.pid")) continue;
        const arg = call.node.arguments?.[0];
        const code =
          arg && compiler.isNumericLiteral(skipParens(arg)) ? Number((skipParens(arg) as ts.NumericLiteral).text) : arg ? undefined : 0;
        exits.push({
          action: { type: "exit", how: `process.${how}` as "process.exit", ...(code !== undefined ? { code } : {}) },
          at: spanOf(call.node, module.sourceFile, module.file),
          callee: chain.join("."),
          awaited: call.awaited,
          discarded: false,
          deferred: false,
          raced: call.raced,
          alternative: false,
          depth: 0,
          via: [fn.name],
        });
      }
    }
  }
  return exits;
}
