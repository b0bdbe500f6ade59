import type { ts } from "ts-morph";
import { skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import { evaluateNumber } from "./evaluate-number.js";
import { DRAIN_LIBRARIES, matchesOrigin, SHUTDOWN_LIBRARIES, type ShutdownLibrary } from "./library-catalog.js";
import type { CallFact, FunctionFacts, ModuleFacts } from "./module-facts.js";
import { type Env, type Ref, Resolver } from "./resolver.js";
import { safeText, spanOf } from "./source-span.js";
import type { BindingKey, Deadline, Origin, SourceSpan, TriggerKind } from "./types.js";

/** A helper that registers its parameter as a listener: `function onSignals(fn) { process.once(s, fn) }`. */
interface Registrar {
  eventsParam?: number;
  events?: string[];
  handlerParam: number;
  stdin: boolean;
  /** The stdio transport's own input stream, when that is what it listens on. */
  stream?: BindingKey;
  method: string;
}

const LISTENER_METHODS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);
const TERMINATION_SIGNALS = new Set(["SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK", "SIGQUIT", "SIGUSR2"]);
const CRASH_EVENTS = new Set(["uncaughtException", "unhandledRejection"]);

/** A trigger found in code, before its path is walked. */
export interface TriggerSite {
  kind: TriggerKind;
  events: string[];
  method: string;
  /** The helper that registered it, when not registered directly. */
  via?: string;
  library?: string;
  at: SourceSpan;
  handlers: Array<{ fn: FunctionFacts; env: Env }>;
  unresolvedHandler?: string;
  deadline?: Omit<Deadline, "at">;
  syncOnly?: boolean;
  /** stdin-eof on a stdio transport's custom input stream (see `StdioInput`). */
  stream?: BindingKey;
}

/**
 * Finds where shutdown starts: process signal/crash/exit listeners (also registered in loops, via
 * helpers that take the handler as a parameter, or in class methods), stdin EOF, onclose hooks,
 * and accepted shutdown libraries (RULES.md, Terms: Shutdown path). `inputStreams` are the keys of
 * streams stdio transports read instead of stdin: their `end`/`close` listeners are EOF triggers too.
 */
export function findTriggers(
  resolver: Resolver,
  inputStreams: ReadonlySet<BindingKey> = new Set(),
): {
  triggers: TriggerSite[];
  drainDeadlines: Deadline[];
  nestShutdownHooks: SourceSpan[];
  unresolvedListeners: SourceSpan[];
} {
  const triggers: TriggerSite[] = [];
  const unresolvedListeners: SourceSpan[] = [];
  const drainDeadlines: Deadline[] = [];
  const nestShutdownHooks: SourceSpan[] = [];
  const registrars = new Map<FunctionFacts, Registrar[]>();

  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const chain = call.chain;
        if (!chain) continue;
        const method = chain[chain.length - 1] ?? "";
        const at = () => spanOf(call.node, module.sourceFile, module.file);
        const env = Resolver.emptyEnv();
        if (LISTENER_METHODS.has(method)) {
          const target = resolver.originOf({ expr: call.node.expression, fn, env });
          const isProcess = target?.module === "process" && target.path.length === 1;
          const isProcessStdin = target?.module === "process" && target.path.length === 2 && target.path[0] === "stdin";
          const readline = isProcess || isProcessStdin ? undefined : readlineInput(resolver, call, fn, inputStreams);
          const viaReadline = readline !== undefined;
          const stream = isProcess || isProcessStdin ? undefined : (readline?.stream ?? inputStream(resolver, call, fn, inputStreams));
          const isStdin = isProcessStdin || viaReadline || stream !== undefined;
          if (!isProcess && !isStdin) continue;
          const [eventArg, handlerArg] = call.node.arguments ?? [];
          if (!eventArg || !handlerArg) continue;
          const written = eventStrings(resolver, { expr: eventArg, fn, env });
          // readline's `close` is emitted when its input ends: it is stdin's end and close at once.
          const events = viaReadline && written?.includes("close") ? ["end", "close"] : written;
          const handlerParam = paramOf(fn, handlerArg);
          if (handlerParam && !call.argFns[1]) {
            const eventParam = paramOf(handlerParam.owner, eventArg);
            const registrar: Registrar = { handlerParam: handlerParam.index, stdin: isStdin, method };
            if (stream) registrar.stream = stream;
            if (eventParam && eventParam.owner === handlerParam.owner) registrar.eventsParam = eventParam.index;
            if (events) registrar.events = events;
            registrars.set(handlerParam.owner, [...(registrars.get(handlerParam.owner) ?? []), registrar]);
            continue;
          }
          if (!events) {
            // Unknown is not absent: a rule must not report "no SIGTERM listener" over this one.
            if (isProcess) unresolvedListeners.push(at());
            continue;
          }
          const site = listenerSite(resolver, call, fn, env, events, method, isStdin, at());
          if (site && stream) site.stream = stream;
          if (site) triggers.push(site);
          continue;
        }
        if (method === "onclose" || method === "enableShutdownHooks") {
          if (method === "enableShutdownHooks") nestShutdownHooks.push(at());
          continue;
        }
        if (!mayRegister(call, module)) continue;
        const origin = resolver.originOf({ expr: call.node, fn, env });
        if (!origin) continue;
        const watchdog = parentWatchdog(origin, call);
        if (watchdog) {
          triggers.push({ kind: "watchdog", events: ["parent-exit"], method: "interval", at: at(), handlers: [{ fn: watchdog, env }] });
          continue;
        }
        const library = SHUTDOWN_LIBRARIES.find((candidate) => matchesOrigin(origin, candidate.modules, candidate.path));
        if (library) {
          triggers.push(librarySite(resolver, library, call, fn, at()));
          continue;
        }
        const drain = DRAIN_LIBRARIES.find((candidate) => matchesOrigin(origin, candidate.modules, candidate.path));
        if (drain) {
          const option = drain.timeoutOption
            ? optionValue(resolver, call, fn, drain.timeoutOption.arg, drain.timeoutOption.property)
            : undefined;
          const ms = option?.value ?? drain.defaultMs;
          if (ms !== null && ms !== Number.POSITIVE_INFINITY) {
            drainDeadlines.push({
              ms,
              source: option ? "library-option" : "library-default",
              library: drain.name,
              fromConfig: option?.fromConfig ?? false,
              at: at(),
            });
          }
        }
      }
      for (const assignment of fn.assignments) {
        const last = assignment.target[assignment.target.length - 1];
        if (last !== "onclose" || !assignment.value || assignment.target.length < 2) continue;
        const handlers = handlerFunctions(resolver, { expr: assignment.value, fn, env: Resolver.emptyEnv() });
        const site: TriggerSite = {
          kind: "onclose",
          events: [assignment.target.slice(0, -1).join(".")],
          method: "assign",
          at: spanOf(assignment.node, module.sourceFile, module.file),
          handlers,
        };
        if (handlers.length === 0) site.unresolvedHandler = "the onclose handler is not project code";
        triggers.push(site);
      }
    }
  }

  if (registrars.size > 0) triggers.push(...registrarSites(resolver, registrars));
  return { triggers, drainDeadlines, nestShutdownHooks, unresolvedListeners };
}

/**
 * `setInterval(() => { if (process.ppid !== parent) shutdown(); }, 1000)`: a check that the parent
 * is still there (the re-parented `ppid` changes; `process.kill(ppid, 0)` throws), which catches a
 * client that died without closing the pipe (RULES.md, SD003).
 */
function parentWatchdog(origin: Origin, call: CallFact): FunctionFacts | undefined {
  const callback = call.argFns[0];
  if (!callback || !(origin.module === "global" || origin.module === "timers") || origin.path.join(".") !== "setInterval.()")
    return undefined;
  return /process\.ppid|process\.kill\([^,]+,\s*0\s*\)/.test(safeText(callback.node)) ? callback : undefined;
}

const LIBRARY_NAMES = new Set(
  [...SHUTDOWN_LIBRARIES, ...DRAIN_LIBRARIES].flatMap((library) => library.path.filter((part) => part !== "()")),
);

/** Cheap pre-check before resolving a call's origin: a library's named entry, or a default-callable import. */
function mayRegister(call: CallFact, module: ModuleFacts): boolean {
  const chain = call.chain;
  if (!chain) return false;
  const last = chain[chain.length - 1] ?? "";
  // setInterval/setTimeout: a parent-death watchdog is a timer.
  return (
    LIBRARY_NAMES.has(last) ||
    (chain.length === 1 &&
      (module.imports.has(last) || module.topLevel.locals.has(last) || last === "setInterval" || last === "setTimeout"))
  );
}

function listenerSite(
  resolver: Resolver,
  call: CallFact,
  fn: FunctionFacts,
  env: Env,
  events: string[],
  method: string,
  isStdin: boolean,
  at: SourceSpan,
): TriggerSite | undefined {
  const handlerArg = call.node.arguments?.[1];
  const kind = triggerKind(events, isStdin);
  if (!kind || !handlerArg) return undefined;
  const handlers = call.argFns[1] ? [{ fn: call.argFns[1], env }] : handlerFunctions(resolver, { expr: handlerArg, fn, env });
  const site: TriggerSite = {
    kind,
    events: kind === "stdin-eof" ? events.filter((e) => e === "end" || e === "close") : events,
    method,
    at,
    handlers,
  };
  if (handlers.length === 0) site.unresolvedHandler = "the handler could not be resolved to project code";
  return site;
}

function triggerKind(events: string[], isStdin: boolean): TriggerKind | undefined {
  if (isStdin) return events.some((event) => event === "end" || event === "close") ? "stdin-eof" : undefined;
  if (events.some((event) => TERMINATION_SIGNALS.has(event))) return "signal";
  if (events.some((event) => CRASH_EVENTS.has(event))) return "crash";
  if (events.includes("exit")) return "exit-event";
  if (events.includes("beforeExit")) return "before-exit";
  return undefined;
}

/** A listener on a stdio transport's own input stream (`input.on("end", …)`): that stream's key. */
function inputStream(resolver: Resolver, call: CallFact, fn: FunctionFacts, inputStreams: ReadonlySet<BindingKey>): BindingKey | undefined {
  const callee = call.node.expression;
  if (inputStreams.size === 0 || !compiler.isPropertyAccessExpression(callee)) return undefined;
  const key = resolver.keyOf({ expr: callee.expression, fn, env: Resolver.emptyEnv() });
  return key !== undefined && inputStreams.has(key) ? key : undefined;
}

/**
 * `readline.createInterface({ input: process.stdin }).on("close", …)`, directly or through a
 * variable: undefined when the interface reads neither stdin nor a stdio transport's input stream.
 */
function readlineInput(
  resolver: Resolver,
  call: CallFact,
  fn: FunctionFacts,
  inputStreams: ReadonlySet<BindingKey>,
): { stream?: BindingKey } | undefined {
  const callee = call.node.expression;
  if (!compiler.isPropertyAccessExpression(callee)) return undefined;
  let receiver: ts.Expression = skipParens(callee.expression);
  let scope = fn;
  if (compiler.isIdentifier(receiver)) {
    const found = resolver.lookup(receiver.text, fn);
    if (!found || !("binding" in found) || !found.binding.init) return undefined;
    receiver = skipParens(found.binding.init);
    scope = found.owner;
  }
  if (!compiler.isCallExpression(receiver)) return undefined;
  const origin = resolver.originOf({ expr: receiver.expression, fn: scope, env: Resolver.emptyEnv() });
  if (!origin || !["readline", "readline/promises"].includes(origin.module) || origin.path.join(".") !== "createInterface")
    return undefined;
  const options = receiver.arguments[0];
  const input =
    options && compiler.isObjectLiteralExpression(options)
      ? options.properties.find((property) => property.name && compiler.isIdentifier(property.name) && property.name.text === "input")
      : options;
  const value =
    input &&
    (compiler.isPropertyAssignment(input) ? input.initializer : compiler.isShorthandPropertyAssignment(input) ? input.name : input);
  if (!value || !compiler.isExpression(value)) return undefined;
  const stream = resolver.originOf({ expr: value, fn: scope, env: Resolver.emptyEnv() });
  if (stream?.module === "process" && stream.path.join(".") === "stdin") return {};
  const key = inputStreams.size > 0 ? resolver.keyOf({ expr: value, fn: scope, env: Resolver.emptyEnv() }) : undefined;
  return key !== undefined && inputStreams.has(key) ? { stream: key } : undefined;
}

/** Calls of helper functions that register their parameter as a listener: `onSignals(shutdown)`. */
function registrarSites(resolver: Resolver, registrars: Map<FunctionFacts, Registrar[]>): TriggerSite[] {
  const names = new Set([...registrars.keys()].map((fn) => fn.name.split(".").pop() ?? fn.name));
  const sites: TriggerSite[] = [];
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const last = call.chain?.[call.chain.length - 1];
        if (!last || !names.has(last)) continue;
        for (const target of resolver.calleeFunctions(call.node, fn, Resolver.emptyEnv())) {
          for (const registrar of registrars.get(target) ?? []) {
            const eventArg = registrar.eventsParam !== undefined ? call.node.arguments?.[registrar.eventsParam] : undefined;
            const events =
              registrar.events ?? (eventArg ? eventStrings(resolver, { expr: eventArg, fn, env: Resolver.emptyEnv() }) : undefined);
            const handlerArg = call.node.arguments?.[registrar.handlerParam];
            if (!events || !handlerArg) continue;
            const kind = triggerKind(events, registrar.stdin);
            if (!kind) continue;
            const handlers = call.argFns[registrar.handlerParam]
              ? [{ fn: call.argFns[registrar.handlerParam] as FunctionFacts, env: Resolver.emptyEnv() }]
              : handlerFunctions(resolver, { expr: handlerArg, fn, env: Resolver.emptyEnv() });
            const site: TriggerSite = {
              kind,
              events,
              method: registrar.method,
              via: target.name,
              at: spanOf(call.node, module.sourceFile, module.file),
              handlers,
            };
            if (registrar.stream) site.stream = registrar.stream;
            if (handlers.length === 0) site.unresolvedHandler = "the handler passed to the helper could not be resolved";
            sites.push(site);
          }
        }
      }
    }
  }
  return sites;
}

function librarySite(resolver: Resolver, library: ShutdownLibrary, call: CallFact, fn: FunctionFacts, at: SourceSpan): TriggerSite {
  const args = call.node.arguments ?? [];
  const env = Resolver.emptyEnv();
  let handlerIndex: number | undefined;
  let handlerExpr: ts.Expression | undefined;
  if ("last" in library.handler) {
    handlerIndex = args.length - 1;
    handlerExpr = args[handlerIndex];
  } else if ("option" in library.handler) {
    handlerExpr = objectProperty(resolver, { expr: args[library.handler.arg] ?? call.node, fn, env }, library.handler.option);
  } else {
    handlerIndex = library.handler.arg;
    handlerExpr = args[handlerIndex];
  }
  const inline = handlerIndex !== undefined ? call.argFns[handlerIndex] : undefined;
  const handlers = inline ? [{ fn: inline, env }] : handlerExpr ? handlerFunctions(resolver, { expr: handlerExpr, fn, env }) : [];
  let signals = library.signals;
  if (library.name === "@godaddy/terminus") {
    const configured =
      objectProperty(resolver, { expr: args[1] ?? call.node, fn, env }, "signals") ??
      objectProperty(resolver, { expr: args[1] ?? call.node, fn, env }, "signal");
    const values = configured ? eventStrings(resolver, { expr: configured, fn, env }) : undefined;
    if (values) signals = values;
  }
  const option = library.timeoutOption
    ? optionValue(resolver, call, fn, library.timeoutOption.arg, library.timeoutOption.property)
    : undefined;
  const site: TriggerSite = {
    kind: "library",
    events: [...signals, ...(library.crash ? ["uncaughtException", "unhandledRejection"] : [])],
    method: "library",
    library: library.name,
    at,
    handlers,
  };
  const ms = option?.value ?? library.defaultMs;
  if (ms !== null) {
    site.deadline = {
      ms,
      source: option ? "library-option" : "library-default",
      library: library.name,
      fromConfig: option?.fromConfig ?? false,
    };
  }
  if (library.syncOnly) site.syncOnly = true;
  if (handlers.length === 0) site.unresolvedHandler = `the ${library.name} callback could not be resolved`;
  return site;
}

function optionValue(resolver: Resolver, call: CallFact, fn: FunctionFacts, arg: number, property?: string) {
  const argument = call.node.arguments?.[arg];
  if (!argument) return undefined;
  const env = Resolver.emptyEnv();
  const expr = property ? objectProperty(resolver, { expr: argument, fn, env }, property) : argument;
  if (!expr) return undefined;
  const text = skipParens(expr);
  if (compiler.isIdentifier(text) && text.text === "Infinity") return { value: Number.POSITIVE_INFINITY, fromConfig: false };
  if (text.kind === compiler.SyntaxKind.FalseKeyword) return { value: Number.POSITIVE_INFINITY, fromConfig: false };
  return evaluateNumber(resolver, { expr, fn, env });
}

function objectProperty(resolver: Resolver, ref: Ref, name: string): ts.Expression | undefined {
  for (const terminal of resolver.terminals(ref)) {
    if (terminal.kind !== "expression" || !compiler.isObjectLiteralExpression(terminal.expr)) continue;
    for (const property of terminal.expr.properties) {
      const key =
        property.name && (compiler.isIdentifier(property.name) || compiler.isStringLiteral(property.name)) ? property.name.text : undefined;
      if (key !== name) continue;
      if (compiler.isPropertyAssignment(property)) return property.initializer;
      if (compiler.isShorthandPropertyAssignment(property)) return property.name;
      if (compiler.isMethodDeclaration(property)) return property as unknown as ts.Expression;
    }
  }
  return undefined;
}

export function handlerFunctions(resolver: Resolver, ref: Ref): Array<{ fn: FunctionFacts; env: Env }> {
  const node = ref.expr;
  if (compiler.isMethodDeclaration(node)) {
    const fn = resolver.functionOfNode(node);
    return fn ? [{ fn, env: ref.env }] : [];
  }
  return resolver
    .terminals(ref)
    .flatMap((terminal) => (terminal.kind === "function" ? [{ fn: terminal.fn, env: Resolver.emptyEnv() }] : []));
}

/** The enclosing function whose parameter the argument is, with its index. */
function paramOf(fn: FunctionFacts, arg: ts.Expression): { owner: FunctionFacts; index: number } | undefined {
  const body = skipParens(arg);
  if (!compiler.isIdentifier(body)) return undefined;
  for (let scope: FunctionFacts | undefined = fn; scope?.parent; scope = scope.parent) {
    const local = scope.locals.get(body.text);
    if (!local) continue;
    if (local.kind !== "parameter") return undefined;
    const index = scope.params.findIndex((param) => param.name === body.text);
    return index >= 0 ? { owner: scope, index } : undefined;
  }
  return undefined;
}

/** String values an expression may hold: literals, constant arrays, loop variables, forEach params. */
function eventStrings(resolver: Resolver, ref: Ref): string[] | undefined {
  const body = skipParens(ref.expr as ts.Expression);
  if (compiler.isStringLiteralLike(body)) return [body.text];
  if (compiler.isIdentifier(body)) {
    const found = resolver.lookup(body.text, ref.fn);
    if (found && "binding" in found) {
      if (found.binding.strings) return found.binding.strings;
      if (found.binding.elementOf) return eventStrings(resolver, { expr: found.binding.elementOf, fn: found.owner, env: ref.env });
      if (found.binding.init) return eventStrings(resolver, { expr: found.binding.init, fn: found.owner, env: ref.env });
    }
    return undefined;
  }
  if (compiler.isArrayLiteralExpression(body)) {
    const values = body.elements.map((element) => eventStrings(resolver, { ...ref, expr: element }));
    return values.every((value) => value !== undefined) ? (values.flat() as string[]) : undefined;
  }
  return undefined;
}
