import type { ts } from "ts-morph";
import { skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import type { CallFact, FunctionFacts, ModuleFacts } from "./module-facts.js";
import { type Env, Resolver } from "./resolver.js";
import { spanOf } from "./source-span.js";
import type { BindingKey, OpenedResource, ProjectModel, SourceSpan, Trigger } from "./types.js";
import { bindParams } from "./walk-shutdown-path.js";

const CLOSE_METHODS = new Set(["close", "terminate", "destroy"]);
const TIMERS = new Set(["setInterval", "setTimeout"]);
const FOLLOW_DEPTH = 3;

/**
 * Streamable HTTP session bookkeeping (RULES.md, SD020), followed through the resolver: where each
 * per-connection transport is stored (a map or object, directly or through a registry class),
 * whether entries are deleted, deleted from a timer (idle expiry), and closed on a shutdown path.
 */
export function findHttpSessions(resolver: Resolver, opened: OpenedResource[], triggers: Trigger[]): ProjectModel["httpSessions"] {
  const transports = opened.filter((resource) => resource.kind === "mcp-transport" && resource.traits.includes("http") && resource.binding);
  if (transports.length === 0) return [];
  const shutdownSteps = triggers.flatMap((trigger) => trigger.path?.steps ?? []);
  const sessions: ProjectModel["httpSessions"] = [];
  const seenStores = new Set<BindingKey>();

  for (const transport of transports) {
    const module = resolver.modules.get(transport.at.file);
    const owner = module && functionAt(module, transport.at);
    const key = transport.binding;
    if (!module || !owner || !key) continue;
    const stateful = !transport.traits.includes("stateless");
    const store = findStore(resolver, owner, Resolver.emptyEnv(), key, 0);
    if (!store) {
      sessions.push({
        at: transport.at,
        stateful,
        removedOnClose: false,
        idleExpiry: false,
        closedAtShutdown: false,
        perRequestClosed: closesWithin(resolver, owner, key),
      });
      continue;
    }
    if (seenStores.has(store)) continue;
    seenStores.add(store);
    const deleters = functionsDeletingFrom(resolver, store);
    const closers = closersOf(resolver, store);
    sessions.push({
      at: declarationOf(resolver, store) ?? transport.at,
      stateful,
      removedOnClose: deleters.size > 0,
      idleExpiry: timerCallbacks(resolver).some((callback) => reaches(resolver, callback, new Set([...deleters, ...closers]), 0)),
      closedAtShutdown: [...closers].some((closer) => shutdownSteps.some((step) => within(closer, step.at))),
      perRequestClosed: false,
    });
  }
  return sessions;
}

/** The innermost function whose body holds the span. */
function functionAt(module: ModuleFacts, at: SourceSpan): FunctionFacts | undefined {
  const position = module.sourceFile.getPositionOfLineAndCharacter(at.line - 1, at.column - 1);
  let best: FunctionFacts | undefined;
  for (const fn of module.functions) {
    if (fn.node.pos <= position && position < fn.node.end && (!best || fn.node.pos >= best.node.pos)) best = fn;
  }
  return best;
}

function descendantsOf(resolver: Resolver, fn: FunctionFacts): FunctionFacts[] {
  return resolver.moduleOf(fn).functions.filter((candidate) => {
    for (let scope: FunctionFacts | undefined = candidate; scope; scope = scope.parent) if (scope === fn) return true;
    return false;
  });
}

/** `map.set(id, transport)`, `map[id] = transport`, or handing the transport to a helper that does so. */
function findStore(resolver: Resolver, fn: FunctionFacts, env: Env, transport: BindingKey, depth: number): BindingKey | undefined {
  if (depth > FOLLOW_DEPTH) return undefined;
  const holdsTransport = (expr: ts.Expression, scope: FunctionFacts): boolean => {
    const value = skipParens(expr);
    if (compiler.isObjectLiteralExpression(value)) {
      return value.properties.some((property) =>
        compiler.isShorthandPropertyAssignment(property)
          ? resolver.keyOf({ expr: property.name, fn: scope, env }) === transport
          : compiler.isPropertyAssignment(property) && resolver.keyOf({ expr: property.initializer, fn: scope, env }) === transport,
      );
    }
    return resolver.keyOf({ expr: value, fn: scope, env }) === transport;
  };
  for (const scope of descendantsOf(resolver, fn)) {
    for (const assignment of scope.assignments) {
      const left = compiler.isBinaryExpression(assignment.node) ? skipParens(assignment.node.left) : undefined;
      if (!left || !compiler.isElementAccessExpression(left) || !assignment.value || !holdsTransport(assignment.value, scope)) continue;
      const store = resolver.keyOf({ expr: left.expression, fn: scope, env });
      if (store) return store;
    }
    for (const call of scope.calls) {
      const args = call.node.arguments ?? [];
      if (!args.some((arg) => holdsTransport(arg, scope))) continue;
      const method = call.chain?.[call.chain.length - 1];
      if (method === "set" && compiler.isPropertyAccessExpression(call.node.expression)) {
        const store = resolver.keyOf({ expr: call.node.expression.expression, fn: scope, env });
        if (store) return store;
      }
      for (const target of resolver.calleeFunctions(call.node, scope, env)) {
        const found = findStore(resolver, target, bindParams(target, call, scope, env), transport, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** A stateless transport closed within its request (`res.on("close", () => transport.close())`, `finally`). */
function closesWithin(resolver: Resolver, fn: FunctionFacts, transport: BindingKey): boolean {
  return descendantsOf(resolver, fn).some((scope) =>
    scope.calls.some((call) => isCloseOf(resolver, call, scope, (key) => key === transport)),
  );
}

function isCloseOf(resolver: Resolver, call: CallFact, scope: FunctionFacts, matches: (key: BindingKey) => boolean): boolean {
  const method = call.chain?.[call.chain.length - 1] ?? "";
  if (!CLOSE_METHODS.has(method) || !compiler.isPropertyAccessExpression(call.node.expression)) return false;
  const key = resolver.keyOf({ expr: call.node.expression.expression, fn: scope, env: Resolver.emptyEnv() });
  return key !== undefined && matches(key);
}

/** Receiver of a call on the store: `store.delete(…)`, `store.values()`. */
function callsOnStore(resolver: Resolver, call: CallFact, scope: FunctionFacts, store: BindingKey, methods?: Set<string>): boolean {
  const method = call.chain?.[call.chain.length - 1] ?? "";
  if (methods && !methods.has(method)) return false;
  if (!compiler.isPropertyAccessExpression(call.node.expression)) return false;
  return resolver.keyOf({ expr: call.node.expression.expression, fn: scope, env: Resolver.emptyEnv() }) === store;
}

function functionsDeletingFrom(resolver: Resolver, store: BindingKey): Set<FunctionFacts> {
  const deleters = new Set<FunctionFacts>();
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      const viaCall = fn.calls.some((call) => callsOnStore(resolver, call, fn, store, new Set(["delete"])));
      const viaOperator = fn.assignments.some((assignment) => {
        if (assignment.operator !== "delete" || !compiler.isDeleteExpression(assignment.node)) return false;
        const target = skipParens(assignment.node.expression);
        return (
          compiler.isElementAccessExpression(target) && resolver.keyOf({ expr: target.expression, fn, env: Resolver.emptyEnv() }) === store
        );
      });
      if (viaCall || viaOperator) deleters.add(fn);
    }
  }
  return deleters;
}

/** Functions that read the store and close what they find in it (a close-all, an idle sweep). */
function closersOf(resolver: Resolver, store: BindingKey): Set<FunctionFacts> {
  const closers = new Set<FunctionFacts>();
  const name = store.slice(store.lastIndexOf(".") + 1).replace(/^.*#/, "");
  for (const module of resolver.modules.values()) {
    if (!module.sourceFile.text.includes(name)) continue;
    // The module body holds everything; a closer is a function of its own.
    for (const fn of module.functions.filter((candidate) => candidate.parent)) {
      if (!mentionsStore(resolver, fn, store)) continue;
      const closes = descendantsOf(resolver, fn).some((scope) =>
        scope.calls.some((call) => CLOSE_METHODS.has(call.chain?.[call.chain.length - 1] ?? "")),
      );
      if (closes) closers.add(fn);
    }
  }
  return closers;
}

/** The function's own code names the store (`Object.values(transports)`, `this.#sessions.values()`). */
function mentionsStore(resolver: Resolver, fn: FunctionFacts, store: BindingKey): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn.node && compiler.isFunctionLike(node))) return;
    const isName =
      compiler.isIdentifier(node) && !(node.parent && compiler.isPropertyAccessExpression(node.parent) && node.parent.name === node);
    const isThisField = compiler.isPropertyAccessExpression(node) && node.expression.kind === compiler.SyntaxKind.ThisKeyword;
    if ((isName || isThisField) && resolver.keyOf({ expr: node as ts.Expression, fn, env: Resolver.emptyEnv() }) === store) {
      found = true;
      return;
    }
    compiler.forEachChild(node, visit);
  };
  compiler.forEachChild(fn.node, visit);
  return found;
}

function timerCallbacks(resolver: Resolver): FunctionFacts[] {
  const callbacks: FunctionFacts[] = [];
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        if (!TIMERS.has(call.chain?.[call.chain.length - 1] ?? "") || (call.chain?.length ?? 0) !== 1) continue;
        const callback = call.argFns[0];
        if (callback) callbacks.push(callback);
      }
    }
  }
  return callbacks;
}

function reaches(resolver: Resolver, fn: FunctionFacts, targets: Set<FunctionFacts>, depth: number): boolean {
  if (targets.has(fn)) return true;
  if (depth > FOLLOW_DEPTH) return false;
  return fn.calls.some(
    (call) =>
      resolver.calleeFunctions(call.node, fn, Resolver.emptyEnv()).some((target) => reaches(resolver, target, targets, depth + 1)) ||
      call.argFns.some((argFn) => argFn !== undefined && reaches(resolver, argFn, targets, depth + 1)),
  );
}

function within(fn: FunctionFacts, at: SourceSpan): boolean {
  if (fn.file !== at.file) return false;
  const sourceFile = fn.node.getSourceFile();
  const position = sourceFile.getPositionOfLineAndCharacter(at.line - 1, at.column - 1);
  return fn.node.pos <= position && position < fn.node.end;
}

/** The declaration of the store: a variable, or a class field. */
function declarationOf(resolver: Resolver, store: BindingKey): SourceSpan | undefined {
  for (const module of resolver.modules.values()) {
    if (!store.startsWith(`${module.file}#`)) continue;
    for (const fn of module.functions) {
      for (const binding of fn.locals.values()) {
        if (binding.kind === "value" && resolver.keyOfBinding(binding, fn) === store)
          return spanOf(binding.node, module.sourceFile, module.file);
      }
    }
    for (const cls of module.classes.values()) {
      if (!store.startsWith(`${module.file}#${cls.name}.`)) continue;
      const field = store.slice(`${module.file}#${cls.name}.`.length);
      const member = (cls.node as ts.ClassLikeDeclaration).members.find(
        (candidate) =>
          candidate.name &&
          (compiler.isIdentifier(candidate.name) || compiler.isPrivateIdentifier(candidate.name)) &&
          candidate.name.text === field,
      );
      if (member) return spanOf(member, module.sourceFile, module.file);
    }
  }
  return undefined;
}
