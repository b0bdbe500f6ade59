import type { ts } from "ts-morph";
import { compiler } from "./compiler.js";
import type { CallFact, FunctionFacts } from "./module-facts.js";
import { Resolver } from "./resolver.js";
import { spanOf, textOf } from "./source-span.js";
import type { ToolHandler } from "./types.js";

const REGISTRATIONS = new Set(["registerTool", "tool", "registerResource", "resource", "registerPrompt", "prompt"]);
const REQUEST_SCHEMAS = /^(CallTool|ReadResource|GetPrompt|ListTools|ListResources|ListPrompts)RequestSchema$/;
const NETWORK_CALLEES =
  /^(fetch|axios(\.(get|post|put|patch|delete|request|head))?|got(\.(get|post|put|patch|delete))?|request|undici\.request|ky(\.(get|post))?)$/;
const SUBPROCESS = new Set(["spawn", "exec", "execFile", "fork", "execa", "execaCommand", "$"]);
const BROWSER_METHODS = new Set([
  "goto",
  "waitForSelector",
  "waitForNavigation",
  "waitForResponse",
  "waitForTimeout",
  "evaluate",
  "click",
  "screenshot",
  "pdf",
  "content",
  "newPage",
]);
const DB_METHODS = new Set([
  "query",
  "execute",
  "find",
  "findOne",
  "findMany",
  "aggregate",
  "insertOne",
  "updateOne",
  "$queryRaw",
  "$executeRaw",
]);
const HELPER_DEPTH = 3;

/**
 * Finds MCP tool/resource/prompt handlers and what each does that could be cancelled, and whether
 * its `extra.signal` (v1) / `ctx.mcpReq.signal` (v2) reaches those calls (RULES.md, SD007, fact 4).
 */
export function findToolHandlers(resolver: Resolver): { handlers: ToolHandler[]; handlerFns: Set<FunctionFacts> } {
  const handlers: ToolHandler[] = [];
  const handlerFns = new Set<FunctionFacts>();
  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const method = call.chain?.[call.chain.length - 1];
        if (!method) continue;
        const isRegistration = REGISTRATIONS.has(method) && (call.chain?.length ?? 0) >= 2 && isMcpServerCall(resolver, call, fn);
        const isRequestHandler = method === "setRequestHandler" && isRequestSchema(call);
        if (!isRegistration && !isRequestHandler) continue;
        const handlerIndex = lastFunctionArg(call);
        const handlerFn = handlerIndex !== undefined ? call.argFns[handlerIndex] : undefined;
        if (!handlerFn) continue;
        handlerFns.add(handlerFn);
        handlers.push(describeHandler(resolver, call, handlerFn, module.sourceFile, module.file));
      }
    }
  }
  return { handlers, handlerFns };
}

function isMcpServerCall(resolver: Resolver, call: CallFact, fn: FunctionFacts): boolean {
  const node = call.node.expression;
  if (!compiler.isPropertyAccessExpression(node)) return false;
  const origin = resolver.originOf({ expr: node.expression, fn, env: Resolver.emptyEnv() });
  if (origin) return origin.module.includes("modelcontextprotocol") || origin.module === "fastmcp";
  // A receiver we cannot trace (a parameter typed McpServer): judge by the call's shape.
  const args = call.node.arguments ?? [];
  const first = args[0];
  return !!first && compiler.isStringLiteralLike(first) && call.argFns.some((argFn) => argFn !== undefined);
}

function isRequestSchema(call: CallFact): boolean {
  const first = call.node.arguments?.[0];
  return !!first && compiler.isIdentifier(first) && REQUEST_SCHEMAS.test(first.text);
}

function lastFunctionArg(call: CallFact): number | undefined {
  for (let index = call.argFns.length - 1; index >= 0; index--) if (call.argFns[index]) return index;
  return undefined;
}

function describeHandler(
  resolver: Resolver,
  call: CallFact,
  handlerFn: FunctionFacts,
  sourceFile: ts.SourceFile,
  file: string,
): ToolHandler {
  const first = call.node.arguments?.[0];
  const signalNames = signalNamesOf(handlerFn);
  const cancellable: ToolHandler["cancellable"] = [];
  const seen = new Set<FunctionFacts>();
  let usesSignal = false;

  /** `takesSignal`: a helper the signal was passed to; RULES.md (SD007) counts what it does as covered. */
  const visit = (fn: FunctionFacts, depth: number, outerNames: Set<string>, takesSignal: boolean): void => {
    if (seen.has(fn) || depth > HELPER_DEPTH) return;
    seen.add(fn);
    const module = resolver.moduleOf(fn);
    if (mentionsAny(fn.node, outerNames)) usesSignal = true;
    const names = withDerivedSignals(fn, outerNames);
    for (const inner of fn.calls) {
      const what = cancellableKind(resolver, inner, fn);
      const receivesSignal = takesSignal || argumentsMention(inner.node, names);
      if (what)
        cancellable.push({
          what: what.label,
          at: spanOf(inner.node, module.sourceFile, module.file),
          unboundedIo: what.unbounded && !/timeout/i.test(textOf(inner.node, module.sourceFile, 2000)),
          receivesSignal,
        });
      for (const target of resolver.calleeFunctions(inner.node, fn, Resolver.emptyEnv())) {
        // A helper that receives the signal takes it under its own parameter name.
        const passed = new Set<string>(names);
        (inner.node.arguments ?? []).forEach((arg, index) => {
          if ((mentionsAny(arg, names) || (compiler.isIdentifier(arg) && names.has(arg.text))) && target.params[index]) {
            passed.add(target.params[index].name);
            for (const bound of target.params[index].destructured) passed.add(bound);
          }
        });
        visit(target, depth + 1, passed, takesSignal || passed.size > names.size);
      }
      for (const argFn of inner.argFns) if (argFn) visit(argFn, depth, names, takesSignal);
    }
  };
  visit(handlerFn, 0, signalNames, false);
  const handler: ToolHandler = {
    registration: call.chain?.join(".") ?? "registration",
    at: spanOf(call.node, sourceFile, file),
    cancellable,
    usesSignal,
  };
  if (first && compiler.isStringLiteralLike(first)) handler.name = first.text;
  return handler;
}

/**
 * Signals derived from the handler's: `const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(ms)])`,
 * and controllers aborted from the signal's abort listener (`extra.signal.addEventListener("abort", () => controller.abort())`).
 */
function withDerivedSignals(fn: FunctionFacts, names: Set<string>): Set<string> {
  if (names.size === 0) return names;
  const derived = new Set(names);
  for (const local of fn.locals.values()) {
    const init = local.init;
    if (init && init.pos >= 0 && ((compiler.isIdentifier(init) && names.has(init.text)) || mentionsAny(init, names)))
      derived.add(local.name);
  }
  for (const call of fn.calls) {
    if (!compiler.isPropertyAccessExpression(call.node.expression) || !mentionsAny(call.node.expression, names)) continue;
    for (const listener of call.argFns) {
      for (const inner of listener?.calls ?? []) {
        if (inner.chain?.length === 2 && inner.chain[1] === "abort" && inner.chain[0]) derived.add(inner.chain[0]);
      }
    }
  }
  return derived;
}

/** `(args, extra)` → extra; `(args, { signal })` → signal; v2 `ctx` → ctx. The last parameter carries the signal. */
function signalNamesOf(handler: FunctionFacts): Set<string> {
  const names = new Set<string>();
  const last = handler.params[handler.params.length - 1];
  if (handler.params.length >= 2 && last) {
    names.add(last.name);
    for (const bound of last.destructured) names.add(bound);
  }
  return names;
}

function cancellableKind(resolver: Resolver, call: CallFact, fn: FunctionFacts): { label: string; unbounded: boolean } | undefined {
  const chain = call.chain;
  if (!chain) return undefined;
  const text = chain.join(".");
  const method = chain[chain.length - 1] ?? "";
  if (NETWORK_CALLEES.test(text)) return { label: `network call ${text}()`, unbounded: true };
  const origin = resolver.originOf({ expr: call.node.expression, fn, env: Resolver.emptyEnv() });
  if (origin && (origin.module === "child_process" || origin.module === "execa") && SUBPROCESS.has(origin.path[0] ?? "")) {
    return { label: `subprocess ${text}()`, unbounded: true };
  }
  if (chain.length >= 2 && BROWSER_METHODS.has(method) && /page|browser|tab/i.test(chain[chain.length - 2] ?? "")) {
    return { label: `browser ${text}()`, unbounded: method === "goto" || method.startsWith("waitFor") };
  }
  if (chain.length >= 2 && DB_METHODS.has(method) && call.awaited) return { label: `database ${text}()`, unbounded: false };
  return undefined;
}

function mentionsAny(node: ts.Node, names: Set<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (compiler.isIdentifier(child) && names.has(child.text) && !(child.parent && compiler.isParameter(child.parent))) {
      found = true;
      return;
    }
    if (
      compiler.isPropertyAccessExpression(child) &&
      child.name.text === "signal" &&
      compiler.isIdentifier(child.expression) &&
      names.has(child.expression.text)
    ) {
      found = true;
      return;
    }
    compiler.forEachChild(child, visit);
  };
  compiler.forEachChild(node, visit);
  return found;
}

function argumentsMention(node: ts.CallExpression | ts.NewExpression, names: Set<string>): boolean {
  return (node.arguments ?? []).some((arg) => mentionsAny(arg, names) || (compiler.isIdentifier(arg) && names.has(arg.text)));
}
