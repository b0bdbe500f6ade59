import { builtinModules } from "node:module";
import type { ts } from "ts-morph";
import { chainOf, skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import { evaluateNumber, evaluateNumbers } from "./evaluate-number.js";
import { FLUSH_METHODS, GENERIC_CLOSE_METHODS, KNOWN_MODULES, REVOKE_METHODS } from "./library-catalog.js";
import type { AssignmentFact, CallFact, FunctionFacts, LocalBinding } from "./module-facts.js";
import { type Env, type Ref, Resolver } from "./resolver.js";
import { spanOf, textOf } from "./source-span.js";
import type { BindingKey, OpenedResource, PathStep, ShutdownPath, StepAction, UnresolvedCall } from "./types.js";
import { vaultHttpCall } from "./vault-http.js";

const MAX_DEPTH = 12;
const MAX_STEPS = 4_000;
const CONTINUATIONS = new Set(["then", "finally", "catch"]);
const LISTENER_METHODS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);
const TIMER_FUNCTIONS = new Set(["setTimeout", "setImmediate"]);
/** Globals whose calls are neither project code nor unknowns worth reporting. */
const BUILTIN_ROOTS = new Set([
  "console",
  "JSON",
  "Math",
  "Object",
  "Array",
  "Promise",
  "String",
  "Number",
  "Boolean",
  "Date",
  "Symbol",
  "Error",
  "TypeError",
  "RangeError",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "Reflect",
  "Buffer",
  "URL",
  "AbortController",
  "AbortSignal",
  "clearTimeout",
  "clearInterval",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
  "structuredClone",
  "parseInt",
  "parseFloat",
  "require",
  "fetch",
  "encodeURIComponent",
  "decodeURIComponent",
  "isNaN",
  "BigInt",
  "RegExp",
  "TextEncoder",
  "TextDecoder",
  "globalThis",
  "process",
]);

export interface PathContext {
  resolver: Resolver;
  resourcesByKey: Map<BindingKey, OpenedResource[]>;
  /** Resources released by module-level calls (`mongoose.disconnect()`, `Sentry.close()`). */
  moduleClosers: OpenedResource[];
}

interface WalkState {
  awaited: boolean;
  deferred: boolean;
  raced: boolean;
  alternative: boolean;
  depth: number;
  via: string[];
}

/**
 * Follows everything a shutdown handler does, callees expanded in place and in order, to a depth
 * bound (ANALYZER.md, layer 5). Each call becomes a step classified by what it does.
 */
export function walkShutdownPath(context: PathContext, handler: FunctionFacts, env: Env = Resolver.emptyEnv()): ShutdownPath {
  const steps: PathStep[] = [];
  const unresolved: UnresolvedCall[] = [];
  const stack = new Set<FunctionFacts>();
  let truncated = false;
  const { resolver } = context;

  const walk = (fn: FunctionFacts, fnEnv: Env, state: WalkState): void => {
    if (state.depth > MAX_DEPTH || steps.length > MAX_STEPS) {
      truncated = true;
      return;
    }
    if (stack.has(fn)) return;
    stack.add(fn);
    const module = resolver.moduleOf(fn);
    // At one start position the inner node runs first: in `sdk.shutdown().finally(cb)` the receiver call precedes its continuation.
    const events: Array<{ pos: number; end: number; call?: CallFact; assignment?: AssignmentFact; thrown?: ts.ThrowStatement }> = [
      ...fn.calls.map((call) => ({ pos: call.node.pos, end: call.node.end, call })),
      ...fn.assignments.map((assignment) => ({ pos: assignment.node.pos, end: assignment.node.end, assignment })),
      ...fn.throws.map((thrown) => ({ pos: thrown.pos, end: thrown.end, thrown })),
    ].sort((a, b) => a.pos - b.pos || a.end - b.end);
    const executorResolvers = promiseExecutorParams(fn);

    /** A statement that is not a call (a throw, an assignment) happens in the function's own flow. */
    const pushStatement = (action: StepAction, node: ts.Node, callee: string) =>
      steps.push({
        action,
        at: spanOf(node, module.sourceFile, module.file),
        callee,
        awaited: state.awaited,
        discarded: false,
        deferred: state.deferred,
        raced: state.raced,
        alternative: state.alternative,
        depth: state.depth,
        via: state.via,
      });

    for (const event of events) {
      if (event.thrown) {
        pushStatement({ type: "throw" }, event.thrown, "throw");
        continue;
      }
      if (event.assignment) {
        const action = classifyAssignment(event.assignment, fn, fnEnv);
        if (action) pushStatement(action, event.assignment.node, event.assignment.target.join("."));
        continue;
      }
      const call = event.call;
      if (!call) continue;
      const completesByCallback =
        (call.argFns.some((argFn) => argFn !== undefined) && isCloseLike(call)) ||
        (executorResolvers.length > 0 && referencesAny(call.node, executorResolvers));
      const localAwaited = call.awaited || completesByCallback;
      const awaited = state.awaited && localAwaited;
      const callee = call.chain?.join(".") ?? textOf(call.node.expression, module.sourceFile);
      const classified = classifyCall(call, fn, fnEnv);
      const isTimer = classified.type === "timer";
      const targets = isTimer ? [] : resolver.calleeFunctions(call.node, fn, fnEnv);
      // A call into project code is followed, not taken for a close by its method name.
      const action: StepAction =
        targets.length > 0 && "receiver" in classified && !("resource" in classified && classified.resource)
          ? { type: "call" }
          : classified;
      const step: PathStep = {
        action,
        at: spanOf(call.node, module.sourceFile, module.file),
        callee,
        awaited,
        discarded: call.voided || (call.statement && !localAwaited && (isCloseLike(call) || isAsyncCall(call, fn, fnEnv))),
        deferred: state.deferred,
        raced: state.raced || call.raced,
        alternative: state.alternative,
        depth: state.depth,
        via: state.via,
      };
      steps.push(step);

      const method = methodOf(call);
      if (targets.length === 0 && action.type === "call" && !isKnownExternal(call, fn, fnEnv) && !settlesPromise(call, fn)) {
        unresolved.push({ callee, at: step.at });
      }
      for (const target of targets) {
        walk(target, bindParams(target, call, fn, fnEnv), {
          awaited,
          deferred: state.deferred,
          raced: step.raced,
          alternative: state.alternative,
          depth: state.depth + 1,
          via: [...state.via, target.name],
        });
      }
      const chained = CONTINUATIONS.has(method);
      // A promise chain's handlers run in chain order, right after the step they continue: the
      // steps of `server.close().then(() => pool.end())` follow server.close's. A rejection handler
      // only runs instead of what follows it.
      const callbacks: Array<FunctionFacts | undefined> = chained ? continuationHandlers(call, fn, fnEnv) : call.argFns;
      callbacks.forEach((argFn, index) => {
        if (!argFn) return;
        const continuation = chained || isCloseLike(call);
        const rejection = chained && (method === "catch" || (method === "then" && index === 1));
        walk(argFn, chained && !call.argFns[index] ? Resolver.emptyEnv() : fnEnv, {
          awaited: continuation ? state.awaited : awaited,
          // A timer callback or an event listener (`stream.on("finish", …)`) runs later, or never.
          deferred: state.deferred || isTimer || LISTENER_METHODS.has(method),
          raced: step.raced,
          alternative: state.alternative || rejection,
          depth: state.depth + 1,
          via: chained && !call.argFns[index] ? [...state.via, argFn.name] : state.via,
        });
      });
    }
    stack.delete(fn);
  };

  /** `then`/`catch`/`finally` handlers, written inline or passed by name (`.then(closePool)`). */
  const continuationHandlers = (call: CallFact, fn: FunctionFacts, env: Env): Array<FunctionFacts | undefined> =>
    (call.node.arguments ?? []).slice(0, 2).map((arg, index) => {
      const inline = call.argFns[index];
      if (inline) return inline;
      const functions = resolver
        .terminals({ expr: arg, fn, env })
        .flatMap((terminal) => (terminal.kind === "function" ? [terminal.fn] : []));
      return functions.length === 1 ? functions[0] : undefined;
    });

  const classifyCall = (call: CallFact, fn: FunctionFacts, env: Env): StepAction => {
    const chain = call.chain ?? [];
    const method = chain[chain.length - 1] ?? "";
    const ref: Ref = { expr: call.node.expression, fn, env };
    const origin = resolver.originOf(ref);
    const originPath = origin?.path.join(".") ?? "";
    if (origin?.module === "process") {
      if (originPath === "exit") return { type: "exit", how: "process.exit", ...codeOf(call, fn, env) };
      if (originPath === "abort") return { type: "exit", how: "process.abort" };
      if (originPath === "kill" && firstArgIs(call, "process.pid")) return { type: "exit", how: "process.kill" };
      if (originPath === "stdout.write") return { type: "stdout-write" };
      if (/^stdin\.(pause|destroy|removeAllListeners|unref)$/.test(originPath))
        return { type: "stop-intake", how: `process.${originPath}` };
    }
    if (
      (origin?.module === "global" || origin?.module === "timers") &&
      TIMER_FUNCTIONS.has(origin.path[0] ?? "") &&
      origin.path.length === 1
    ) {
      const delay = call.node.arguments?.[1];
      const values = delay ? evaluateNumbers(resolver, { expr: delay, fn, env }) : [{ value: 0, fromConfig: false }];
      const timerFn = call.argFns[0];
      return {
        type: "timer",
        ms: values[0]?.value ?? null,
        unref: isUnref(call),
        exits: timerFn ? callsExit(timerFn, env) : false,
        fromConfig: values.some((value) => value.fromConfig),
        values: values.map((value) => {
          const written = value.writtenAt;
          const module = written ? resolver.modules.get(written.file) : undefined;
          return {
            ms: value.value,
            fromConfig: value.fromConfig,
            ...(written && module ? { writtenAt: spanOf(written.node, module.sourceFile, written.file) } : {}),
          };
        }),
      };
    }
    if (origin?.module === "global" && (originPath === "clearInterval" || originPath === "clearTimeout")) {
      const arg = call.node.arguments?.[0];
      const key = arg ? resolver.keyOf({ expr: arg, fn, env }) : undefined;
      const resource = key ? context.resourcesByKey.get(key)?.[0] : undefined;
      return { type: "clear-timer", receiver: arg ? textOf(arg, resolver.moduleOf(fn).sourceFile) : "", ...(resource ? { resource } : {}) };
    }
    if (origin?.module === "global" && originPath === "Promise.race") return { type: "race" };
    if (origin?.module === "global" && originPath === "AbortSignal.timeout") {
      const arg = call.node.arguments?.[0];
      return { type: "abort-signal-timeout", ms: arg ? (evaluateNumber(resolver, { expr: arg, fn, env })?.value ?? null) : null };
    }
    const raw = vaultHttpCall(resolver, call, fn, env);
    if (raw?.what === "revoke") return { type: "revoke", receiver: raw.client, method: raw.path };
    const moduleCloser = origin
      ? context.moduleClosers.find(
          (resource) => resource.library === origin.module && origin.path.length === 1 && resource.closeMethods.includes(method),
        )
      : undefined;
    if (moduleCloser) return closeOrFlush(moduleCloser, method, origin?.module ?? "");
    if (chain.length >= 2 && compiler.isPropertyAccessExpression(call.node.expression)) {
      const receiverNode = call.node.expression.expression;
      const receiver = textOf(receiverNode, resolver.moduleOf(fn).sourceFile);
      if (method === "abort") return { type: "abort", receiver };
      const key = resolver.keyOf({ expr: receiverNode, fn, env });
      // Zeroing a Buffer is how a binary secret is dropped; a string cannot be (RULES.md fact 7).
      const fillValue = method === "fill" ? call.node.arguments?.[0] : undefined;
      if (key && fillValue && compiler.isNumericLiteral(fillValue) && Number(fillValue.text) === 0)
        return { type: "drop-secret", binding: key };
      const resource = key ? context.resourcesByKey.get(key)?.find((candidate) => candidate.closeMethods.includes(method)) : undefined;
      if (resource) return closeOrFlush(resource, method, receiver);
      if (REVOKE_METHODS.has(method)) return { type: "revoke", receiver, method };
      if (method === "write" && /^process\.stdout$/.test(receiver)) return { type: "stdout-write" };
      if (GENERIC_CLOSE_METHODS.has(method)) return { type: "close", method, receiver };
      if (FLUSH_METHODS.has(method)) return { type: "flush", receiver, method };
    }
    if (/revoke/i.test(textOf(call.node, resolver.moduleOf(fn).sourceFile, 400))) {
      return { type: "revoke", receiver: "", method: method || "request" };
    }
    return { type: "call" };
  };

  const closeOrFlush = (resource: OpenedResource, method: string, receiver: string): StepAction => {
    if (resource.kind === "vault") return { type: "revoke", receiver, method, resource };
    if (resource.kind === "logger" || resource.kind === "telemetry") return { type: "flush", receiver, method, resource };
    if (resource.kind === "interval" || resource.kind === "timeout") return { type: "clear-timer", receiver, resource };
    return { type: "close", method, resource, receiver };
  };

  const classifyAssignment = (assignment: AssignmentFact, fn: FunctionFacts, env: Env): StepAction | undefined => {
    const target = assignment.target;
    if (target[0] === "process" && target[1] === "exitCode") {
      const value = assignment.value ? evaluateNumber(resolver, { expr: assignment.value, fn, env }) : undefined;
      return { type: "exit-code", ...(value ? { code: value.value } : {}) };
    }
    const value = assignment.value && skipParens(assignment.value);
    if (value && value.kind === compiler.SyntaxKind.TrueKeyword && /shut|clos|stop|drain|terminat|exit|accept/i.test(target.join("."))) {
      return { type: "stop-intake", how: `${target.join(".")} = true` };
    }
    if (
      value &&
      (value.kind === compiler.SyntaxKind.NullKeyword ||
        (compiler.isIdentifier(value) && value.text === "undefined") ||
        (compiler.isStringLiteral(value) && value.text === ""))
    ) {
      const key = resolver.keyOf({
        expr: assignment.node.kind === compiler.SyntaxKind.BinaryExpression ? (assignment.node as ts.BinaryExpression).left : value,
        fn,
        env,
      });
      if (key) return { type: "drop-secret", binding: key };
    }
    return undefined;
  };

  const isCloseLike = (call: CallFact): boolean => {
    const method = call.chain?.[call.chain.length - 1] ?? "";
    return GENERIC_CLOSE_METHODS.has(method) || FLUSH_METHODS.has(method) || REVOKE_METHODS.has(method);
  };

  const isAsyncCall = (call: CallFact, fn: FunctionFacts, env: Env): boolean =>
    resolver.calleeFunctions(call.node, fn, env).some((target) => target.isAsync);

  const isKnownExternal = (call: CallFact, fn: FunctionFacts, env: Env): boolean => {
    const root = call.chain?.[0];
    if (root && BUILTIN_ROOTS.has(root)) return true;
    const origin = resolver.originOf({ expr: call.node.expression, fn, env });
    if (!origin) return false;
    if (origin.module === "global")
      return BUILTIN_ROOTS.has(origin.path[0] ?? "") || (origin.path.length > 1 && !resolver.lookup(origin.path[0] ?? "", fn));
    // A package the catalog does not know, handed our objects or callbacks, may do anything with them.
    if (!KNOWN_MODULES.has(origin.module) && !NODE_BUILTINS.has(origin.module)) return !handsOverValues(call);
    return true;
  };

  const callsExit = (timerFn: FunctionFacts, env: Env): boolean => {
    const seen = new Set<FunctionFacts>();
    const visit = (fn: FunctionFacts, depth: number): boolean => {
      if (seen.has(fn) || depth > 4) return false;
      seen.add(fn);
      return fn.calls.some((call) => {
        const origin = resolver.originOf({ expr: call.node.expression, fn, env });
        if (
          origin?.module === "process" &&
          (origin.path.join(".") === "exit" || origin.path.join(".") === "abort" || origin.path.join(".") === "kill")
        )
          return true;
        return (
          resolver.calleeFunctions(call.node, fn, env).some((target) => visit(target, depth + 1)) ||
          call.argFns.some((argFn) => argFn !== undefined && visit(argFn, depth + 1))
        );
      });
    };
    return visit(timerFn, 0);
  };

  const codeOf = (call: CallFact, fn: FunctionFacts, env: Env): { code?: number } => {
    const arg = call.node.arguments?.[0];
    const value = arg ? evaluateNumber(resolver, { expr: arg, fn, env }) : undefined;
    return value ? { code: value.value } : arg ? {} : { code: 0 };
  };

  walk(handler, env, { awaited: true, deferred: false, raced: false, alternative: false, depth: 0, via: [handler.name] });
  return {
    steps,
    unresolved,
    guarded: handler.guardFlags.length > 0 || handler.memoises || calleeGuarded(context, handler, env),
    truncated,
  };
}

/**
 * A handler like `() => shutdown("SIGTERM")`, or one that logs first and then calls the routine,
 * is guarded when a routine it calls is.
 */
function calleeGuarded(context: PathContext, handler: FunctionFacts, env: Env): boolean {
  return handler.calls.some((call) =>
    context.resolver
      .calleeFunctions(call.node, handler, env)
      .some(
        (target) => target.guardFlags.length > 0 || target.memoises || target.calls.some((inner) => inner.chain?.join(".").endsWith("??=")),
      ),
  );
}

/** Binds a callee's parameters to the caller's argument expressions. */
export function bindParams(target: FunctionFacts, call: CallFact, caller: FunctionFacts, callerEnv: Env): Env {
  const env = new Map<LocalBinding, Ref>();
  const args = call.node.arguments ?? [];
  target.params.forEach((param, index) => {
    const binding = target.locals.get(param.name);
    const arg = args[index];
    if (binding && arg) env.set(binding, { expr: arg, fn: caller, env: callerEnv });
  });
  return env;
}

const NODE_BUILTINS = new Set(["process", ...builtinModules]);

/** The call passes something other than literals: objects or functions the callee can act on. */
function handsOverValues(call: CallFact): boolean {
  return (call.node.arguments ?? []).some((arg) => {
    const value = skipParens(arg);
    return !(
      compiler.isLiteralExpression(value) ||
      compiler.isNoSubstitutionTemplateLiteral(value) ||
      compiler.isTemplateExpression(value) ||
      value.kind === compiler.SyntaxKind.TrueKeyword ||
      value.kind === compiler.SyntaxKind.FalseKeyword ||
      value.kind === compiler.SyntaxKind.NullKeyword
    );
  });
}

function isUnref(call: CallFact): boolean {
  const parent = call.node.parent;
  if (parent && compiler.isPropertyAccessExpression(parent) && parent.name.text === "unref") return true;
  if (parent && compiler.isVariableDeclaration(parent) && compiler.isIdentifier(parent.name)) {
    const name = parent.name.text;
    return call.owner.calls.some((other) => other.chain?.length === 2 && other.chain[0] === name && other.chain[1] === "unref");
  }
  return false;
}

function firstArgIs(call: CallFact, text: string): boolean {
  const arg = call.node.arguments?.[0];
  return !!arg && chainOf(arg)?.join(".") === text;
}

/** Names of `resolve`/`reject` when the function is a `new Promise` executor. */
function promiseExecutorParams(fn: FunctionFacts): string[] {
  const parent = fn.node.parent;
  if (!parent || !compiler.isNewExpression(parent)) return [];
  if (!compiler.isIdentifier(parent.expression) || parent.expression.text !== "Promise") return [];
  return fn.params.map((param) => param.name);
}

/** `resolve()` / `reject()` of an enclosing `new Promise` executor settles that promise: known, not unresolved code. */
function settlesPromise(call: CallFact, fn: FunctionFacts): boolean {
  const name = call.chain?.length === 1 ? call.chain[0] : undefined;
  if (!name) return false;
  for (let scope: FunctionFacts | undefined = fn; scope; scope = scope.parent) {
    if (scope.locals.has(name)) return promiseExecutorParams(scope).includes(name);
  }
  return false;
}

function referencesAny(node: ts.Node, names: string[]): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (compiler.isIdentifier(child) && names.includes(child.text)) found = true;
    else compiler.forEachChild(child, visit);
  };
  compiler.forEachChild(node, visit);
  return found;
}

/** The called method's name, also when the receiver is itself a call (`x().then`), which has no chain. */
function methodOf(call: CallFact): string {
  const callee = call.node.expression;
  return call.chain?.[call.chain.length - 1] ?? (compiler.isPropertyAccessExpression(callee) ? callee.name.text : "");
}
