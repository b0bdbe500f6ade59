import path from "node:path";
import type { ts } from "ts-morph";
import { chainOf, skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import { normaliseSpecifier } from "./library-catalog.js";
import type { CallFact, ClassFacts, FunctionFacts, LocalBinding, ModuleFacts } from "./module-facts.js";
import type { BindingKey, Origin } from "./types.js";

/** Parameters bound to the caller's argument expressions while a path is followed. */
export type Env = ReadonlyMap<LocalBinding, Ref>;

/** An expression in the scope of a function, with the parameter bindings in force. */
export interface Ref {
  expr: ts.Node;
  fn: FunctionFacts;
  env: Env;
}

/** What an expression may evaluate to, as far as the project's code tells. */
export type Terminal =
  | { kind: "external"; origin: Origin }
  | { kind: "function"; fn: FunctionFacts }
  | { kind: "class"; cls: ClassFacts }
  | { kind: "instance"; cls: ClassFacts }
  | { kind: "expression"; expr: ts.Expression; fn: FunctionFacts; env: Env; key?: BindingKey };

const EMPTY_ENV: Env = new Map();
const MAX_RESOLVE_DEPTH = 16;
/** A parameter with more call sites than this is not resolved through them. */
const MAX_CALL_SITES = 3;
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/**
 * Links module facts: relative imports, re-exports, default exports, scopes, parameters bound at
 * call sites, `this` in classes and object-literal methods (ANALYZER.md, "Call resolution").
 */
export class Resolver {
  readonly modules: Map<string, ModuleFacts>;
  private readonly fnByNode = new Map<ts.Node, FunctionFacts>();
  private readonly callSites = new Map<FunctionFacts, CallFact[]>();
  private readonly terminalCache = new WeakMap<ts.Node, Map<FunctionFacts, Terminal[]>>();
  private readonly returnCache = new Map<FunctionFacts, Terminal[]>();
  private callIndex: Map<string, CallFact[]> | undefined;
  private readonly resolvingSites = new Set<FunctionFacts>();

  constructor(modules: Map<string, ModuleFacts>) {
    this.modules = modules;
    for (const module of modules.values()) {
      for (const fn of module.functions) this.fnByNode.set(fn.node, fn);
    }
  }

  static emptyEnv(): Env {
    return EMPTY_ENV;
  }

  /** Modules are keyed by the file their facts came from, so a function's file names its module: no second map. */
  moduleOf(fn: FunctionFacts): ModuleFacts {
    const module = this.modules.get(fn.file);
    if (!module) throw new Error(`function ${fn.name} has no module`);
    return module;
  }

  functionOfNode(node: ts.Node): FunctionFacts | undefined {
    return this.fnByNode.get(node);
  }

  /** Resolves a relative specifier to a repository file (`./x.js` → `x.ts`, `./dir` → `dir/index.ts`). */
  resolveModule(fromFile: string, specifier: string): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    const withoutJs = base.replace(/\.(c|m)?jsx?$/, "");
    const candidates = [
      base,
      ...SOURCE_EXTENSIONS.map((extension) => withoutJs + extension),
      ...SOURCE_EXTENSIONS.map((extension) => `${base}/index${extension}`),
    ];
    return candidates.find((candidate) => this.modules.has(candidate));
  }

  /** The class whose method (or nested callback) this function is, for `this` resolution. */
  classOf(fn: FunctionFacts | undefined): ClassFacts | undefined {
    for (let scope = fn; scope; scope = scope.parent) {
      if (scope.className) return this.moduleOf(scope).classes.get(scope.className);
    }
    return undefined;
  }

  baseClassOf(cls: ClassFacts): ClassFacts | undefined {
    if (!cls.base) return undefined;
    const module = this.modules.get(cls.file);
    if (!module) return undefined;
    const found = this.terminals({ expr: compiler.factory.createIdentifier(cls.base), fn: module.topLevel, env: EMPTY_ENV });
    const base = found.find((terminal) => terminal.kind === "class");
    return base?.kind === "class" ? base.cls : undefined;
  }

  methodOf(cls: ClassFacts, name: string): FunctionFacts | undefined {
    for (let current: ClassFacts | undefined = cls, hops = 0; current && hops < 8; current = this.baseClassOf(current), hops++) {
      const method = current.methods.get(name);
      if (method) return method;
    }
    return undefined;
  }

  fieldOf(cls: ClassFacts, name: string): { cls: ClassFacts; values: ts.Expression[] } | undefined {
    for (let current: ClassFacts | undefined = cls, hops = 0; current && hops < 8; current = this.baseClassOf(current), hops++) {
      const values = current.fields.get(name);
      if (values) return { cls: current, values };
    }
    return undefined;
  }

  /** Finds a name in the scope chain, then the module's imports. */
  lookup(
    name: string,
    fn: FunctionFacts,
  ):
    | { binding: LocalBinding; owner: FunctionFacts }
    | { module: ModuleFacts; import: { specifier: string; imported: string } }
    | undefined {
    for (let scope: FunctionFacts | undefined = fn; scope; scope = scope.parent) {
      const binding = scope.locals.get(name);
      if (binding) return { binding, owner: scope };
    }
    const module = this.moduleOf(fn);
    const imported = module.imports.get(name);
    if (imported) return { module, import: imported };
    return undefined;
  }

  /** The module-level binding an export name refers to, through re-exports and `export *`. */
  resolveExport(file: string, name: string, seen = new Set<string>()): Terminal[] {
    const key = `${file}#${name}`;
    if (seen.has(key) || seen.size > MAX_RESOLVE_DEPTH) return [];
    seen.add(key);
    const module = this.modules.get(file);
    if (!module) return [];
    if (name === "*") return [{ kind: "external", origin: { module: `project:${file}`, path: [] } }];
    const target = module.exports.get(name);
    if (target && "local" in target) {
      return this.terminals({ expr: compiler.factory.createIdentifier(target.local), fn: module.topLevel, env: EMPTY_ENV });
    }
    if (target) return this.resolveImport(file, target.specifier, target.imported, seen);
    if (name === "default" && !target) {
      // CommonJS: `module.exports = { … }` handled as named exports; a default import sees them all.
      if (module.exports.size > 0 && !module.exports.has("default"))
        return [{ kind: "external", origin: { module: `project:${file}`, path: [] } }];
    }
    for (const specifier of module.starExports) {
      const found = this.resolveImport(file, specifier, name, seen);
      if (found.length > 0) return found;
    }
    return [];
  }

  private resolveImport(fromFile: string, specifier: string, imported: string, seen: Set<string>): Terminal[] {
    const target = this.resolveModule(fromFile, specifier);
    if (target) return this.resolveExport(target, imported, seen);
    const origin: Origin = { module: normaliseSpecifier(specifier), path: imported === "*" || imported === "default" ? [] : [imported] };
    return [{ kind: "external", origin }];
  }

  /** Every value an expression may have, following bindings, imports, parameters and fields. */
  terminals(ref: Ref, depth = 0): Terminal[] {
    if (depth > MAX_RESOLVE_DEPTH) return [];
    // Without parameter bindings a node's values never change: resolve each once. A node met again
    // while it is being resolved is a cycle (recursive code resolving itself) and adds nothing.
    if (ref.env.size > 0) return this.resolveTerminals(ref, depth);
    const byFunction = this.terminalCache.get(ref.expr);
    const cached = byFunction?.get(ref.fn);
    if (cached) return cached;
    const cache = byFunction ?? new Map<FunctionFacts, Terminal[]>();
    this.terminalCache.set(ref.expr, cache);
    cache.set(ref.fn, []);
    const result = this.resolveTerminals(ref, depth);
    cache.set(ref.fn, result);
    return result;
  }

  private resolveTerminals(ref: Ref, depth: number): Terminal[] {
    const node = ref.expr;
    if (
      compiler.isFunctionDeclaration(node) ||
      compiler.isArrowFunction(node) ||
      compiler.isFunctionExpression(node) ||
      compiler.isMethodDeclaration(node)
    ) {
      const fn = this.fnByNode.get(node);
      return fn ? [{ kind: "function", fn }] : [];
    }
    if (!isExpression(node)) return [];
    let expr = skipParens(node);
    if (compiler.isAwaitExpression(expr)) expr = skipParens(expr.expression);
    if (compiler.isArrowFunction(expr) || compiler.isFunctionExpression(expr)) {
      const fn = this.fnByNode.get(expr);
      return fn ? [{ kind: "function", fn }] : [];
    }
    if (compiler.isIdentifier(expr)) return this.identifierTerminals(expr.text, ref, depth);
    if (expr.kind === compiler.SyntaxKind.ThisKeyword) {
      const cls = this.classOf(ref.fn);
      return cls ? [{ kind: "instance", cls }] : [];
    }
    if (
      compiler.isPropertyAccessExpression(expr) ||
      (compiler.isElementAccessExpression(expr) && compiler.isStringLiteralLike(expr.argumentExpression))
    ) {
      const name = compiler.isPropertyAccessExpression(expr) ? expr.name.text : (expr.argumentExpression as ts.StringLiteralLike).text;
      const objects = this.terminals({ ...ref, expr: expr.expression }, depth + 1);
      return objects.flatMap((object) => this.memberTerminals(object, name, ref, depth));
    }
    if (compiler.isCallExpression(expr) || compiler.isNewExpression(expr)) {
      const callee = expr.expression;
      if (compiler.isCallExpression(expr) && compiler.isIdentifier(callee) && callee.text === "require") {
        const first = expr.arguments[0];
        if (first && compiler.isStringLiteralLike(first)) return this.resolveImport(ref.fn.file, first.text, "*", new Set());
      }
      const callees = this.terminals({ ...ref, expr: callee }, depth + 1);
      return callees.flatMap((target): Terminal[] => {
        if (target.kind === "external")
          return [{ kind: "external", origin: { module: target.origin.module, path: [...target.origin.path, "()"] } }];
        if (target.kind === "class" && compiler.isNewExpression(expr)) return [{ kind: "instance", cls: target.cls }];
        if (target.kind === "function") return this.returnTerminals(target.fn, depth);
        return [];
      });
    }
    return [{ kind: "expression", expr, fn: ref.fn, env: ref.env }];
  }

  private identifierTerminals(name: string, ref: Ref, depth: number): Terminal[] {
    const found = this.lookup(name, ref.fn);
    if (!found)
      return [{ kind: "external", origin: { module: name === "process" ? "process" : "global", path: name === "process" ? [] : [name] } }];
    if ("import" in found) return this.resolveImport(found.module.file, found.import.specifier, found.import.imported, new Set());
    const { binding, owner } = found;
    if (binding.kind === "function" && binding.fn) return [{ kind: "function", fn: binding.fn }];
    if (binding.kind === "class" && binding.className) {
      const cls = this.moduleOf(owner).classes.get(binding.className);
      return cls ? [{ kind: "class", cls }] : [];
    }
    if (binding.kind === "parameter") {
      return this.parameterValues(binding, owner, ref.env).flatMap((value) => this.terminals(value, depth + 1));
    }
    const results: Terminal[] = [];
    const key = this.keyOfBinding(binding, owner);
    const innerEnv = owner === ref.fn || isAncestor(owner, ref.fn) ? ref.env : EMPTY_ENV;
    if (binding.elementOf) {
      for (const collection of this.terminals({ expr: binding.elementOf, fn: owner, env: innerEnv }, depth + 1)) {
        results.push(...this.elementTerminals(collection, depth));
      }
    }
    for (const value of [...(binding.init ? [binding.init] : []), ...binding.assigned]) {
      for (const terminal of this.terminals({ expr: value, fn: owner, env: innerEnv }, depth + 1)) {
        results.push(terminal.kind === "expression" && !terminal.key ? { ...terminal, key } : terminal);
      }
    }
    return results;
  }

  private elementTerminals(collection: Terminal, depth: number): Terminal[] {
    if (collection.kind !== "expression") return [];
    const array = skipParens(collection.expr);
    if (!compiler.isArrayLiteralExpression(array)) return [];
    return array.elements.flatMap((element) =>
      this.terminals(
        { expr: compiler.isSpreadElement(element) ? element.expression : element, fn: collection.fn, env: collection.env },
        depth + 1,
      ),
    );
  }

  private memberTerminals(object: Terminal, name: string, _ref: Ref, depth: number): Terminal[] {
    switch (object.kind) {
      case "external": {
        if (object.origin.module.startsWith("project:")) return this.resolveExport(object.origin.module.slice(8), name);
        return [{ kind: "external", origin: { module: object.origin.module, path: [...object.origin.path, name] } }];
      }
      case "instance": {
        const method = this.methodOf(object.cls, name);
        if (method) return [{ kind: "function", fn: method }];
        const field = this.fieldOf(object.cls, name);
        if (!field) return [];
        const module = this.modules.get(field.cls.file);
        if (!module) return [];
        const constructorFn = field.cls.methods.get("constructor");
        const scope = constructorFn ?? module.topLevel;
        const key = `${field.cls.file}#${field.cls.name}.${name}`;
        // `constructor(private readonly options: Options)`: the field is what `new` was given.
        const values =
          field.values.length === 0 && constructorFn?.params.some((param) => param.name === name)
            ? [compiler.factory.createIdentifier(name)]
            : field.values;
        return values.flatMap((value) =>
          this.terminals({ expr: value, fn: this.ownerForClassValue(field.cls, value) ?? scope, env: EMPTY_ENV }, depth + 1).map(
            (terminal) => (terminal.kind === "expression" && !terminal.key ? { ...terminal, key } : terminal),
          ),
        );
      }
      case "class": {
        const method = this.methodOf(object.cls, name);
        return method ? [{ kind: "function", fn: method }] : [];
      }
      case "expression": {
        const literal = skipParens(object.expr);
        if (!compiler.isObjectLiteralExpression(literal)) return [];
        for (const property of literal.properties) {
          const propertyName =
            property.name && (compiler.isIdentifier(property.name) || compiler.isStringLiteral(property.name))
              ? property.name.text
              : undefined;
          if (propertyName !== name) continue;
          if (compiler.isMethodDeclaration(property)) {
            const fn = this.fnByNode.get(property);
            return fn ? [{ kind: "function", fn }] : [];
          }
          if (compiler.isPropertyAssignment(property))
            return this.terminals({ expr: property.initializer, fn: object.fn, env: object.env }, depth + 1);
          if (compiler.isShorthandPropertyAssignment(property)) {
            return this.terminals({ expr: property.name, fn: object.fn, env: object.env }, depth + 1);
          }
        }
        return [];
      }
      default:
        return [];
    }
  }

  /** A function's returned values, for factories: `createShutdown()` returning a function or object. */
  private returnTerminals(fn: FunctionFacts, depth: number): Terminal[] {
    const cached = this.returnCache.get(fn);
    if (cached) return cached;
    this.returnCache.set(fn, []);
    const result = this.computeReturnTerminals(fn, depth);
    this.returnCache.set(fn, result);
    return result;
  }

  private computeReturnTerminals(fn: FunctionFacts, depth: number): Terminal[] {
    const body = (fn.node as ts.FunctionLikeDeclaration).body;
    if (!body) return [];
    if (!compiler.isBlock(body)) return this.terminals({ expr: body, fn, env: EMPTY_ENV }, depth + 1);
    const returns: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (compiler.isFunctionLike(node)) return;
      if (compiler.isReturnStatement(node) && node.expression) returns.push(node.expression);
      compiler.forEachChild(node, visit);
    };
    compiler.forEachChild(body, visit);
    return returns.flatMap((value) => this.terminals({ expr: value, fn, env: EMPTY_ENV }, depth + 1));
  }

  private ownerForClassValue(cls: ClassFacts, value: ts.Expression): FunctionFacts | undefined {
    for (let node: ts.Node | undefined = value; node; node = node.parent) {
      const fn = this.fnByNode.get(node);
      if (fn) return fn;
      if (node === cls.node) break;
    }
    return undefined;
  }

  /** The functions a call may invoke. */
  calleeFunctions(call: ts.CallExpression | ts.NewExpression, fn: FunctionFacts, env: Env): FunctionFacts[] {
    return this.terminals({ expr: call.expression, fn, env }).flatMap((terminal) => {
      if (terminal.kind === "function") return [terminal.fn];
      if (terminal.kind === "class") {
        const constructorFn = terminal.cls.methods.get("constructor");
        return constructorFn ? [constructorFn] : [];
      }
      return [];
    });
  }

  /** Origin of a value from a package, when the expression leads to one. */
  originOf(ref: Ref): Origin | undefined {
    for (const terminal of this.terminals(ref)) if (terminal.kind === "external") return terminal.origin;
    return undefined;
  }

  keyOfBinding(binding: LocalBinding, owner: FunctionFacts): BindingKey {
    return owner.parent ? `${owner.file}#${owner.name}@${owner.id}.${binding.name}` : `${owner.file}#${binding.name}`;
  }

  /**
   * Storage key of the object an expression names (`pool`, `this.pool`, `db.pool`), following
   * imports to the exporting module's binding, so that an open and a close meet on one key.
   */
  keyOf(ref: Ref, depth = 0): BindingKey | undefined {
    if (depth > MAX_RESOLVE_DEPTH || !isExpression(ref.expr)) return undefined;
    let expr = skipParens(ref.expr);
    if (compiler.isAwaitExpression(expr)) expr = skipParens(expr.expression);
    if (compiler.isIdentifier(expr)) {
      const found = this.lookup(expr.text, ref.fn);
      if (!found) return undefined;
      if ("import" in found) {
        const target = this.resolveModule(found.module.file, found.import.specifier);
        if (!target) return undefined;
        return this.exportKey(target, found.import.imported, new Set());
      }
      if (found.binding.kind === "parameter") {
        const values = this.parameterValues(found.binding, found.owner, ref.env);
        return values.length === 1 && values[0] ? this.keyOf(values[0], depth + 1) : undefined;
      }
      // `const { pool } = require("./db.js")` declares a local and records an import: key it where it is exported.
      const required = found.owner.parent ? undefined : this.moduleOf(found.owner).imports.get(expr.text);
      const requiredFile = required && required.imported !== "*" ? this.resolveModule(found.owner.file, required.specifier) : undefined;
      if (required && requiredFile) return this.exportKey(requiredFile, required.imported, new Set());
      return this.keyOfBinding(found.binding, found.owner);
    }
    const chain = chainOf(expr);
    if (chain?.[0] === "this" && chain.length === 2) {
      const cls = this.classOf(ref.fn);
      if (!cls) return undefined;
      return this.fieldKey(cls, chain[1] ?? "", depth);
    }
    if (compiler.isPropertyAccessExpression(expr)) {
      const objects = this.terminals({ ...ref, expr: expr.expression }, depth + 1);
      for (const object of objects) {
        if (object.kind === "external" && object.origin.module.startsWith("project:")) {
          return this.exportKey(object.origin.module.slice(8), expr.name.text, new Set());
        }
        if (object.kind === "instance") return this.fieldKey(object.cls, expr.name.text, depth);
      }
      const base = this.keyOf({ ...ref, expr: expr.expression }, depth + 1);
      return base ? `${base}.${expr.name.text}` : undefined;
    }
    return undefined;
  }

  /**
   * A field that only holds what the constructor was given (`constructor(private db)` or
   * `this.db = db`) is keyed by the argument at the one `new` site, so that a close through the
   * field meets the handle opened where the object was built.
   */
  private fieldKey(cls: ClassFacts, name: string, depth: number): BindingKey {
    const field = this.fieldOf(cls, name);
    const owner = field?.cls ?? cls;
    const own = `${owner.file}#${owner.name}.${name}`;
    const constructorFn = owner.methods.get("constructor");
    const values = field?.values ?? [];
    if (!constructorFn || values.length > 1) return own;
    const value = values[0];
    const source: ts.Expression | undefined = value ? skipParens(value) : undefined;
    const param = source && compiler.isIdentifier(source) ? source.text : values.length === 0 ? name : undefined;
    if (!param || !constructorFn.params.some((candidate) => candidate.name === param)) return own;
    return this.keyOf({ expr: compiler.factory.createIdentifier(param), fn: constructorFn, env: EMPTY_ENV }, depth + 1) ?? own;
  }

  /** Every call in the project by the last name of its callee, built once. */
  private callsByName(): Map<string, CallFact[]> {
    if (this.callIndex) return this.callIndex;
    const index = new Map<string, CallFact[]>();
    for (const module of this.modules.values()) {
      for (const fn of module.functions) {
        for (const call of fn.calls) {
          const name = call.chain?.[call.chain.length - 1];
          if (!name) continue;
          const list = index.get(name);
          if (list) list.push(call);
          else index.set(name, [call]);
        }
      }
    }
    this.callIndex = index;
    return index;
  }

  /** Calls that may invoke a function, found by its name and confirmed by resolution. */
  callSitesOf(target: FunctionFacts): CallFact[] {
    const cached = this.callSites.get(target);
    if (cached) return cached;
    if (this.resolvingSites.has(target)) return [];
    this.resolvingSites.add(target);
    const name = target.name.endsWith(".constructor")
      ? target.name.slice(0, -".constructor".length)
      : (target.name.split(".").pop() ?? target.name);
    // A default export or a renamed import is called by the name it is imported under.
    const names = new Set([name, ...this.importedNamesOf(target)]);
    const candidates = [...names].flatMap((candidate) => this.callsByName().get(candidate) ?? []);
    const sites = candidates.filter((call) => this.calleeFunctions(call.node, call.owner, EMPTY_ENV).includes(target));
    this.resolvingSites.delete(target);
    this.callSites.set(target, sites);
    return sites;
  }

  /**
   * Local names other modules import a default-exported or re-exported-under-another-name function
   * by (`export { default as onShutdownTriggers }` → `import { onShutdownTriggers }`), so that its
   * call sites are found although they never spell its own name.
   */
  private importedNamesOf(target: FunctionFacts): string[] {
    const module = this.modules.get(target.file);
    const exportedAs = module
      ? [...module.exports.entries()].filter(([, exported]) => "local" in exported && exported.local === target.name).map(([key]) => key)
      : [];
    if (exportedAs.length === 0 || (target.name !== "default" && exportedAs.every((key) => key === target.name))) return [];
    const names: string[] = [];
    for (const importer of this.modules.values()) {
      for (const [local, binding] of importer.imports) {
        if (local === target.name || !binding.specifier.startsWith(".")) continue;
        const resolved = this.resolveImport(importer.file, binding.specifier, binding.imported, new Set());
        if (resolved.some((terminal) => terminal.kind === "function" && terminal.fn === target)) names.push(local);
      }
    }
    return names;
  }

  /**
   * What a parameter holds: the argument bound while a path is followed, else the argument at each
   * call site when there are few enough to be meaningful. A destructured name (`{ timeoutMs }`) is
   * that property of the argument.
   */
  parameterValues(binding: LocalBinding, owner: FunctionFacts, env: Env): Ref[] {
    const direct = env.get(binding);
    if (direct) return [direct];
    const index = owner.params.findIndex((param) => param.name === binding.name || param.destructured.includes(binding.name));
    const param = owner.params[index];
    if (!param) return [];
    const whole = owner.locals.get(param.name);
    const bound = whole ? env.get(whole) : undefined;
    let values: Ref[];
    if (bound) {
      values = [bound];
    } else {
      const sites = this.callSitesOf(owner);
      if (sites.length === 0 || sites.length > MAX_CALL_SITES) return [];
      values = sites.flatMap((site) => {
        const arg = site.node.arguments?.[index];
        return arg ? [{ expr: arg, fn: site.owner, env: EMPTY_ENV }] : [];
      });
    }
    if (param.name === binding.name) return values;
    return values.flatMap((value) =>
      compiler.isExpression(value.expr)
        ? [{ ...value, expr: compiler.factory.createPropertyAccessExpression(value.expr, binding.name) }]
        : [],
    );
  }

  private exportKey(file: string, name: string, seen: Set<string>): BindingKey | undefined {
    const key = `${file}#${name}`;
    if (seen.has(key) || seen.size > MAX_RESOLVE_DEPTH) return undefined;
    seen.add(key);
    const module = this.modules.get(file);
    if (!module) return undefined;
    const target = module.exports.get(name);
    if (target && "local" in target) {
      const local = module.topLevel.locals.get(target.local);
      return local ? this.keyOfBinding(local, module.topLevel) : `${file}#${target.local}`;
    }
    if (target) {
      const next = this.resolveModule(file, target.specifier);
      return next ? this.exportKey(next, target.imported, seen) : undefined;
    }
    for (const specifier of module.starExports) {
      const next = this.resolveModule(file, specifier);
      const found = next ? this.exportKey(next, name, seen) : undefined;
      if (found) return found;
    }
    return undefined;
  }
}

function isExpression(node: ts.Node): node is ts.Expression {
  return compiler.isExpression(node) || compiler.isIdentifier(node) || node.kind === compiler.SyntaxKind.ThisKeyword;
}

function isAncestor(ancestor: FunctionFacts, fn: FunctionFacts): boolean {
  for (let scope = fn.parent; scope; scope = scope.parent) if (scope === ancestor) return true;
  return false;
}
