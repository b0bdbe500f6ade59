import { ts } from "ts-morph";
import { chainOf, skipParens } from "./collect-module-facts.js";
import { matchesOrigin, RESOURCE_PATTERNS, type ResourcePattern } from "./library-catalog.js";
import type { CallFact, FunctionFacts, ModuleFacts } from "./module-facts.js";
import { Resolver } from "./resolver.js";
import { spanOf } from "./source-span.js";
import type { BindingKey, OpenedResource } from "./types.js";

const CALLABLE_NAMES = new Set(RESOURCE_PATTERNS.flatMap((pattern) => pattern.path.filter((part) => part !== "()")));

/** Every long-lived handle the program opens, with where it is kept (RULES.md, SD009's table). */
export function findResources(resolver: Resolver, isRequestScope: (fn: FunctionFacts) => boolean): OpenedResource[] {
  const resources: OpenedResource[] = [];
  const unrefKeys = new Set<BindingKey>();
  const closeCallsByOwner = new Map<FunctionFacts, Array<{ key: BindingKey; method: string }>>();
  const ownerOf = new Map<OpenedResource, FunctionFacts>();

  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const method = call.chain?.[call.chain.length - 1];
        if (method && call.chain && call.chain.length >= 2 && ts.isPropertyAccessExpression(call.node.expression)) {
          const key = resolver.keyOf({ expr: call.node.expression.expression, fn, env: Resolver.emptyEnv() });
          if (key) {
            if (method === "unref") unrefKeys.add(key);
            const list = closeCallsByOwner.get(fn) ?? [];
            list.push({ key, method });
            closeCallsByOwner.set(fn, list);
          }
        }
        if (!mayOpen(call, module)) continue;
        const origin = resolver.originOf({ expr: call.node, fn, env: Resolver.emptyEnv() });
        if (!origin) continue;
        const pattern = RESOURCE_PATTERNS.find((candidate) => matchesOrigin(origin, candidate.modules, candidate.path));
        if (!pattern) continue;
        const resource = toResource(resolver, module, call, pattern, isRequestScope(fn), resources.length);
        ownerOf.set(resource, fn);
        resources.push(resource);
      }
    }
  }

  for (const resource of resources) {
    if (resource.binding && unrefKeys.has(resource.binding)) resource.unref = true;
    const owner = ownerOf.get(resource);
    if (owner && resource.binding && resource.scope !== "module" && resource.scope !== "instance") {
      const closes = closeCallsByOwner.get(owner) ?? [];
      resource.closedLocally = closes.some((close) => close.key === resource.binding && resource.closeMethods.includes(close.method));
    }
  }
  return resources;
}

function mayOpen(call: CallFact, module: ModuleFacts): boolean {
  const chain = call.chain;
  if (!chain) return false;
  const last = chain[chain.length - 1] ?? "";
  if (CALLABLE_NAMES.has(last)) return true;
  // Default-callable modules: `knex(…)`, `pino(…)`, `express()`, `new Redis()` through a default import.
  return chain.length === 1 && module.imports.has(last);
}

function toResource(
  resolver: Resolver,
  module: ModuleFacts,
  call: CallFact,
  pattern: ResourcePattern,
  inRequest: boolean,
  index: number,
): OpenedResource {
  const fn = call.owner;
  const { key, field } = bindingOf(resolver, call);
  const unrefChained = isUnrefChained(call.node);
  const scope: OpenedResource["scope"] = inRequest
    ? "request"
    : field
      ? "instance"
      : fn === module.topLevel
        ? "module"
        : "function";
  const resource: OpenedResource = {
    id: `${module.file}:${index}`,
    kind: pattern.kind,
    library: pattern.modules[0] ?? "",
    description: pattern.description,
    at: spanOf(call.node, module.sourceFile, module.file),
    closeMethods: pattern.closeMethods,
    scope,
    unref: unrefChained,
    closedLocally: false,
    traits: [...(pattern.traits ?? []), ...traitsOf(call, pattern)],
  };
  if (key) resource.binding = key;
  return resource;
}

/** The variable or field the handle is stored in: `const pool = new Pool()`, `this.pool = …`. */
function bindingOf(resolver: Resolver, call: CallFact): { key?: BindingKey; field: boolean } {
  let node: ts.Node = call.node;
  while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent))) {
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) return { field: false };
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    const key = resolver.keyOf({ expr: parent.name, fn: call.owner, env: Resolver.emptyEnv() });
    return key ? { key, field: false } : { field: false };
  }
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = chainOf(parent.left);
    const key = resolver.keyOf({ expr: parent.left, fn: call.owner, env: Resolver.emptyEnv() });
    return key ? { key, field: target?.[0] === "this" } : { field: false };
  }
  if (ts.isPropertyDeclaration(parent) && parent.initializer === node && ts.isClassLike(parent.parent)) {
    const className = parent.parent.name?.text ?? "default";
    const name = ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name) ? parent.name.text : "";
    return { key: `${call.owner.file}#${className}.${name}`, field: true };
  }
  return { field: false };
}

function isUnrefChained(node: ts.Node): boolean {
  const parent = node.parent;
  return !!parent && ts.isPropertyAccessExpression(parent) && parent.name.text === "unref";
}

/** Facts that change a rule's judgement: async log sinks, audit logs, dynamic credentials, stateful sessions. */
function traitsOf(call: CallFact, pattern: ResourcePattern): string[] {
  const traits: string[] = [];
  const text = call.node.pos >= 0 ? call.node.getText() : "";
  if (pattern.kind === "logger") {
    if (/sync\s*:\s*false/.test(text) || pattern.path[0] === "transport" || /transports?\s*:/.test(text) || /pino\.transport|transport\s*\(/.test(text)) traits.push("async-log");
    if (/winston\.transports\.(File|Http|Stream)|new\s+(transports\.)?(File|Http|DailyRotateFile)/.test(text)) traits.push("async-log");
    if (/audit/i.test(text)) traits.push("audit-log");
    if (pattern.traits?.includes("write-stream") && /\.log|log/i.test(text)) traits.push("async-log");
  }
  if (pattern.kind === "mcp-transport" && /sessionIdGenerator\s*:\s*undefined/.test(text)) traits.push("stateless");
  if (pattern.kind === "mcp-transport" && /sessionIdGenerator\s*:\s*(\(\)|randomUUID|crypto)/.test(text)) traits.push("stateful");
  if (pattern.kind === "child-process" && /detached\s*:\s*true/.test(text)) traits.push("detached");
  if ((pattern.kind === "browser") && /handleSIGTERM\s*:\s*false|handleSIGINT\s*:\s*false|handleSignals\s*:\s*false/.test(text)) traits.push("no-signal-listener");
  const parentName = skipParens(call.node).parent;
  if (parentName && ts.isVariableDeclaration(parentName) && /audit/i.test(parentName.name.getText())) traits.push("audit-log");
  return traits;
}
