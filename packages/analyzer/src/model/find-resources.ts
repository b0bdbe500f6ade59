import type { ts } from "ts-morph";
import { chainOf, skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import { matchesOrigin, RESOURCE_PATTERNS, type ResourcePattern } from "./library-catalog.js";
import type { CallFact, FunctionFacts, ModuleFacts } from "./module-facts.js";
import { Resolver } from "./resolver.js";
import { safeText, spanOf } from "./source-span.js";
import type { BindingKey, OpenedResource } from "./types.js";
import { type VaultHttpCall, vaultHttpCall } from "./vault-http.js";

const RELEASE_METHODS = new Set(["unref", ...RESOURCE_PATTERNS.flatMap((pattern) => pattern.closeMethods)]);
const CALLABLE_NAMES = new Set(RESOURCE_PATTERNS.flatMap((pattern) => pattern.path.filter((part) => part !== "()")));

/** Every long-lived handle the program opens, with where it is kept (RULES.md, SD009's table). */
export function findResources(resolver: Resolver, isRequestScope: (fn: FunctionFacts) => boolean): OpenedResource[] {
  const resources: OpenedResource[] = [];
  const unrefKeys = new Set<BindingKey>();
  const closeCallsByOwner = new Map<FunctionFacts, Array<{ key: BindingKey; method: string; call: CallFact }>>();
  const ownerOf = new Map<OpenedResource, FunctionFacts>();

  for (const module of resolver.modules.values()) {
    for (const fn of module.functions) {
      for (const call of fn.calls) {
        const method = call.chain?.[call.chain.length - 1];
        // Only calls that could release or unref a handle, or lease a secret, are worth resolving.
        if (
          method &&
          (RELEASE_METHODS.has(method) || /login|^read$|^write$/i.test(method)) &&
          call.chain &&
          call.chain.length >= 2 &&
          compiler.isPropertyAccessExpression(call.node.expression)
        ) {
          const key = resolver.keyOf({ expr: call.node.expression.expression, fn, env: Resolver.emptyEnv() });
          if (key) {
            if (method === "unref") unrefKeys.add(key);
            const list = closeCallsByOwner.get(fn) ?? [];
            list.push({ key, method, call });
            closeCallsByOwner.set(fn, list);
          }
        }
        const raw = vaultHttpCall(resolver, call, fn, Resolver.emptyEnv());
        if (raw && raw.what !== "revoke") {
          resources.push(rawVaultLease(module, call, raw, isRequestScope(fn), resources.length));
          continue;
        }
        // A factory's `return new Pool()` is opened where the factory is called and kept.
        if (!mayOpen(call, module) || isReturned(call.node)) continue;
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

  const receiverCalls = [...closeCallsByOwner.values()].flat();
  for (const client of resources.filter((resource) => resource.kind === "vault" && resource.binding)) {
    resources.push(
      ...vaultLeases(
        resolver,
        client,
        receiverCalls.filter((call) => call.key === client.binding),
        resources.length,
      ),
    );
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
  // `require("node-vault")(options)`, `require("pino")()`: a package called where it is required.
  if (!chain) return compiler.isCallExpression(call.node.expression) && chainOf(call.node.expression.expression)?.join(".") === "require";
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
  const scope: OpenedResource["scope"] = inRequest ? "request" : field ? "instance" : fn === module.topLevel ? "module" : "function";
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
    traits: [...(pattern.traits ?? []), ...traitsOf(resolver, call, pattern)],
  };
  if (key) resource.binding = key;
  return resource;
}

/** The variable or field the handle is stored in: `const pool = new Pool()`, `this.pool = …`. */
function bindingOf(resolver: Resolver, call: CallFact): { key?: BindingKey; field: boolean } {
  let node: ts.Node = call.node;
  while (
    node.parent &&
    (compiler.isAwaitExpression(node.parent) ||
      compiler.isParenthesizedExpression(node.parent) ||
      compiler.isAsExpression(node.parent) ||
      compiler.isNonNullExpression(node.parent))
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) return { field: false };
  if (compiler.isVariableDeclaration(parent) && parent.initializer === node && compiler.isIdentifier(parent.name)) {
    const key = resolver.keyOf({ expr: parent.name, fn: call.owner, env: Resolver.emptyEnv() });
    return key ? { key, field: false } : { field: false };
  }
  if (compiler.isBinaryExpression(parent) && parent.right === node && isAssignmentOperator(parent.operatorToken.kind)) {
    const target = chainOf(parent.left);
    const key = resolver.keyOf({ expr: parent.left, fn: call.owner, env: Resolver.emptyEnv() });
    return key ? { key, field: target?.[0] === "this" } : { field: false };
  }
  if (compiler.isPropertyDeclaration(parent) && parent.initializer === node && compiler.isClassLike(parent.parent)) {
    const className = parent.parent.name?.text ?? "default";
    const name = compiler.isIdentifier(parent.name) || compiler.isPrivateIdentifier(parent.name) ? parent.name.text : "";
    return { key: `${call.owner.file}#${className}.${name}`, field: true };
  }
  return { field: false };
}

/** `x = …`, and the lazy `x ??= …` / `x ||= …` of singletons (`browser ??= await puppeteer.launch()`). */
function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === compiler.SyntaxKind.EqualsToken ||
    kind === compiler.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === compiler.SyntaxKind.BarBarEqualsToken
  );
}

/** `return new Pool()`, or `const pool = new Pool(); …; return pool;` in a factory. */
function isReturned(node: ts.Node): boolean {
  let current = node;
  while (
    current.parent &&
    (compiler.isAwaitExpression(current.parent) ||
      compiler.isParenthesizedExpression(current.parent) ||
      compiler.isAsExpression(current.parent))
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  if (compiler.isReturnStatement(parent) || (compiler.isArrowFunction(parent) && parent.body === current)) return true;
  return compiler.isVariableDeclaration(parent) && compiler.isIdentifier(parent.name) && returnsName(parent, parent.name.text);
}

/** The function around `declaration` returns the variable it declares (nested functions aside). */
function returnsName(declaration: ts.VariableDeclaration, name: string): boolean {
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !compiler.isFunctionLike(scope)) scope = scope.parent;
  const body = scope && (scope as ts.FunctionLikeDeclaration).body;
  if (!body) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || compiler.isFunctionLike(node)) return;
    if (
      compiler.isReturnStatement(node) &&
      node.expression &&
      compiler.isIdentifier(skipParens(node.expression)) &&
      (skipParens(node.expression) as ts.Identifier).text === name
    )
      found = true;
    else compiler.forEachChild(node, visit);
  };
  compiler.forEachChild(body, visit);
  return found;
}

function isUnrefChained(node: ts.Node): boolean {
  const parent = node.parent;
  return !!parent && compiler.isPropertyAccessExpression(parent) && parent.name.text === "unref";
}

/** Facts that change a rule's judgement: async log sinks, audit logs, dynamic credentials, stateful sessions. */
function traitsOf(resolver: Resolver, call: CallFact, pattern: ResourcePattern): string[] {
  const traits: string[] = [];
  const text = safeText(call.node);
  if (pattern.kind === "interval" && renewsLease(resolver, call)) traits.push("lease-renewal");
  if (pattern.kind === "logger") {
    if (
      /sync\s*:\s*false/.test(text) ||
      pattern.path[0] === "transport" ||
      /transports?\s*:/.test(text) ||
      /pino\.transport|transport\s*\(/.test(text)
    )
      traits.push("async-log");
    if (/winston\.transports\.(File|Http|Stream)|new\s+(transports\.)?(File|Http|DailyRotateFile)/.test(text)) traits.push("async-log");
    if (/audit/i.test(text)) traits.push("audit-log");
    if (pattern.traits?.includes("write-stream") && /\.log|log/i.test(text)) traits.push("async-log");
  }
  if (pattern.kind === "mcp-transport" && /sessionIdGenerator\s*:\s*undefined/.test(text)) traits.push("stateless");
  if (pattern.kind === "mcp-transport" && /sessionIdGenerator\s*:\s*(\(\)|randomUUID|crypto)/.test(text)) traits.push("stateful");
  if (pattern.kind === "child-process" && /detached\s*:\s*true/.test(text)) traits.push("detached");
  if (pattern.kind === "browser" && /handleSIGTERM\s*:\s*false|handleSIGINT\s*:\s*false|handleSignals\s*:\s*false/.test(text))
    traits.push("no-signal-listener");
  const parentName = skipParens(call.node).parent;
  if (parentName && compiler.isVariableDeclaration(parentName) && /audit/i.test(safeText(parentName.name))) traits.push("audit-log");
  return traits;
}

/**
 * What a Vault client creates that shutdown should revoke (RULES.md, SD013), one resource per
 * creating call, kept under the client's binding so that its revoke calls match: a login mints the
 * process's own token; reads of `…/creds/…` or `…/sts/…` lease dynamic database or cloud
 * credentials; `pki/issue` leases a certificate. A client that only uses a token it was given
 * creates nothing of its own to revoke.
 */
function vaultLeases(
  resolver: Resolver,
  client: OpenedResource,
  calls: Array<{ method: string; call: CallFact }>,
  firstIndex: number,
): OpenedResource[] {
  const leases: OpenedResource[] = [];
  for (const { method, call } of calls) {
    const first = call.node.arguments?.[0];
    const path = first ? safeText(first) : "";
    let created: { description: string; traits: string[] } | undefined;
    if (/login/i.test(method)) created = { description: `Vault token from ${method}()`, traits: ["vault-login"] };
    else if (/^(read|write)$/.test(method) && /(^|[/`'"])(creds|sts)\//.test(path))
      created = { description: `Vault lease on ${path}`, traits: ["vault-lease", "dynamic-creds"] };
    else if (/^(read|write)$/.test(method) && /pki[^/]*\/issue\//.test(path))
      created = { description: `Vault certificate lease on ${path}`, traits: ["vault-lease"] };
    if (!created) continue;
    const module = resolver.moduleOf(call.owner);
    leases.push({
      ...client,
      id: `${module.file}:${firstIndex + leases.length}`,
      description: created.description,
      at: spanOf(call.node, module.sourceFile, module.file),
      traits: created.traits,
    });
  }
  return leases;
}

/**
 * A raw HTTP call to Vault's API that logs in or leases credentials (RULES.md, SD013: "raw
 * `/v1/...` calls"). Nothing holds it to close; only a revocation on the shutdown path releases it.
 */
function rawVaultLease(module: ModuleFacts, call: CallFact, raw: VaultHttpCall, inRequest: boolean, index: number): OpenedResource {
  const created: Record<Exclude<VaultHttpCall["what"], "revoke">, { description: string; traits: string[] }> = {
    login: { description: `Vault token from a raw ${raw.client} call to ${raw.path}`, traits: ["vault-login"] },
    "dynamic-creds": { description: `Vault lease on ${raw.path} (raw ${raw.client} call)`, traits: ["vault-lease", "dynamic-creds"] },
    certificate: { description: `Vault certificate lease on ${raw.path} (raw ${raw.client} call)`, traits: ["vault-lease"] },
  };
  const { description, traits } = created[raw.what as Exclude<VaultHttpCall["what"], "revoke">];
  return {
    id: `${module.file}:${index}`,
    kind: "vault",
    library: raw.client,
    description,
    at: spanOf(call.node, module.sourceFile, module.file),
    closeMethods: [],
    scope: inRequest ? "request" : call.owner === module.topLevel ? "module" : "function",
    unref: false,
    closedLocally: false,
    traits: [...traits, "raw-http"],
  };
}

/** A timer whose callback renews a token or lease (`vault.tokenRenewSelf()`, `renewLease()`), a few calls deep. */
function renewsLease(resolver: Resolver, call: CallFact): boolean {
  const first = call.node.arguments?.[0];
  const callbacks = call.argFns[0]
    ? [call.argFns[0]]
    : first
      ? resolver
          .terminals({ expr: first, fn: call.owner, env: Resolver.emptyEnv() })
          .flatMap((terminal) => (terminal.kind === "function" ? [terminal.fn] : []))
      : [];
  const seen = new Set<FunctionFacts>();
  const visit = (fn: FunctionFacts, depth: number): boolean => {
    if (seen.has(fn) || depth > 3) return false;
    seen.add(fn);
    return fn.calls.some(
      (inner) =>
        /renew/i.test(inner.chain?.[inner.chain.length - 1] ?? "") ||
        resolver.calleeFunctions(inner.node, fn, Resolver.emptyEnv()).some((target) => visit(target, depth + 1)) ||
        inner.argFns.some((argFn) => argFn !== undefined && visit(argFn, depth + 1)),
    );
  };
  return callbacks.some((callback) => visit(callback, 0));
}
