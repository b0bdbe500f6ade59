import { ts } from "ts-morph";
import type {
  AssignmentFact,
  CallFact,
  ClassFacts,
  ExportTarget,
  FunctionFacts,
  LocalBinding,
  ModuleFacts,
  ParamFacts,
} from "./module-facts.js";

/** Deeper syntax than this is not walked: pathological input must not overflow the stack. */
const MAX_WALK_DEPTH = 1_500;

interface CallContext {
  awaited: boolean;
  voided: boolean;
  statement: boolean;
  raced: boolean;
}

const NO_CONTEXT: CallContext = { awaited: false, voided: false, statement: false, raced: false };
const PROMISE_COMBINATORS = new Set(["all", "allSettled", "race", "any"]);

/**
 * One walk over a parsed file that records its imports, exports, functions, classes, calls and
 * assignments as plain data (ANALYZER.md, layer 4). Compiler nodes are walked directly with
 * `ts.forEachChild`; ts-morph's wrappers cost several times more per node.
 */
export function collectModuleFacts(file: string, sourceFile: ts.SourceFile): ModuleFacts {
  const functions: FunctionFacts[] = [];
  const topLevel = newFunction(functions, file, "<module>", sourceFile, undefined, undefined);
  const facts: ModuleFacts = {
    file,
    sourceFile,
    imports: new Map(),
    exports: new Map(),
    starExports: [],
    sideEffectImports: [],
    topLevel,
    functions,
    classes: new Map(),
    envWrites: [],
    envReads: [],
    suppressions: new Map(),
    malformedSuppressions: [],
    tooDeep: false,
  };

  const callContexts = new Map<ts.Node, CallContext>();

  function visit(node: ts.Node, fn: FunctionFacts, className: string | undefined, depth: number): void {
    if (depth > MAX_WALK_DEPTH) {
      facts.tooDeep = true;
      return;
    }
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
        recordImport(node as ts.ImportDeclaration);
        return;
      case ts.SyntaxKind.ExportDeclaration:
        recordExportDeclaration(node as ts.ExportDeclaration);
        return;
      case ts.SyntaxKind.ExportAssignment: {
        const assignment = node as ts.ExportAssignment;
        const local = exportedLocal(assignment.expression, fn, className, depth);
        facts.exports.set("default", { local });
        return;
      }
      case ts.SyntaxKind.FunctionDeclaration: {
        const declaration = node as ts.FunctionDeclaration;
        const name = declaration.name?.text ?? "default";
        const inner = enterFunction(declaration, name, fn, className, depth);
        declare(fn, name, { name, node, fn: inner, kind: "function", assigned: [] });
        if (fn === topLevel) recordDeclarationExport(declaration, name);
        return;
      }
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression: {
        const declaration = node as ts.ClassDeclaration | ts.ClassExpression;
        const name = declaration.name?.text ?? (fn === topLevel ? "default" : `<class@${node.pos}>`);
        collectClass(declaration, name, fn, depth);
        declare(fn, name, { name, node, className: name, kind: "class", assigned: [] });
        if (fn === topLevel && ts.isClassDeclaration(declaration)) recordDeclarationExport(declaration, name);
        return;
      }
      case ts.SyntaxKind.VariableStatement: {
        const statement = node as ts.VariableStatement;
        const exported = fn === topLevel && hasModifier(statement, ts.SyntaxKind.ExportKeyword);
        for (const declaration of statement.declarationList.declarations) {
          visitVariable(declaration, fn, className, depth);
          if (exported) for (const name of boundNames(declaration.name)) facts.exports.set(name, { local: name });
        }
        return;
      }
      case ts.SyntaxKind.VariableDeclarationList: {
        for (const declaration of (node as ts.VariableDeclarationList).declarations) {
          visitVariable(declaration, fn, className, depth);
        }
        return;
      }
      case ts.SyntaxKind.ForOfStatement: {
        const loop = node as ts.ForOfStatement;
        const strings = constantStrings(loop.expression, fn);
        if (ts.isVariableDeclarationList(loop.initializer)) {
          for (const declaration of loop.initializer.declarations) {
            for (const name of boundNames(declaration.name)) {
              const binding: LocalBinding = { name, node: declaration, kind: "value", assigned: [], elementOf: loop.expression };
              if (strings) binding.strings = strings;
              declare(fn, name, binding);
            }
          }
        }
        visit(loop.expression, fn, className, depth + 1);
        visit(loop.statement, fn, className, depth + 1);
        return;
      }
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression: {
        const expression = node as ts.ArrowFunction | ts.FunctionExpression;
        const name = ts.isFunctionExpression(expression) && expression.name ? expression.name.text : "<anonymous>";
        enterFunction(expression, name, fn, className, depth);
        return;
      }
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor: {
        const method = node as ts.MethodDeclaration;
        const name = ts.isIdentifier(method.name) || ts.isStringLiteral(method.name) ? method.name.text : "<method>";
        enterFunction(method, name, fn, className, depth);
        return;
      }
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression:
        visitCall(node as ts.CallExpression | ts.NewExpression, fn, className, depth);
        return;
      case ts.SyntaxKind.AwaitExpression: {
        setValueContext((node as ts.AwaitExpression).expression, { ...NO_CONTEXT, awaited: true });
        visit((node as ts.AwaitExpression).expression, fn, className, depth + 1);
        return;
      }
      case ts.SyntaxKind.VoidExpression: {
        setValueContext((node as ts.VoidExpression).expression, { ...NO_CONTEXT, voided: true });
        visit((node as ts.VoidExpression).expression, fn, className, depth + 1);
        return;
      }
      case ts.SyntaxKind.ReturnStatement: {
        const expression = (node as ts.ReturnStatement).expression;
        if (expression) {
          setValueContext(expression, { ...NO_CONTEXT, awaited: true });
          visit(expression, fn, className, depth + 1);
        }
        return;
      }
      case ts.SyntaxKind.ExpressionStatement: {
        const expression = skipParens((node as ts.ExpressionStatement).expression);
        const required = requireSpecifier(expression);
        if (required !== undefined) facts.sideEffectImports.push(required);
        if (!callContexts.has(expression)) setContext(expression, { ...NO_CONTEXT, statement: true });
        visit((node as ts.ExpressionStatement).expression, fn, className, depth + 1);
        return;
      }
      case ts.SyntaxKind.BinaryExpression:
        visitBinary(node as ts.BinaryExpression, fn, className, depth);
        return;
      case ts.SyntaxKind.DeleteExpression: {
        const target = chainOf((node as ts.DeleteExpression).expression);
        if (target) fn.assignments.push({ target, operator: "delete", node });
        ts.forEachChild(node, (child) => visit(child, fn, className, depth + 1));
        return;
      }
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const object = access.expression;
        if (
          ts.isPropertyAccessExpression(object) &&
          object.name.text === "env" &&
          ts.isIdentifier(object.expression) &&
          object.expression.text === "process"
        ) {
          const name = ts.isPropertyAccessExpression(access)
            ? access.name.text
            : ts.isStringLiteralLike(access.argumentExpression)
              ? access.argumentExpression.text
              : undefined;
          if (name) facts.envReads.push({ name, node });
        }
        break;
      }
      case ts.SyntaxKind.ThrowStatement:
        fn.throws.push(node as ts.ThrowStatement);
        break;
      case ts.SyntaxKind.IfStatement:
        recordGuard(node as ts.IfStatement, fn);
        break;
    }
    ts.forEachChild(node, (child) => visit(child, fn, className, depth + 1));
  }

  function setContext(node: ts.Node, context: CallContext): void {
    callContexts.set(node, context);
  }

  /**
   * The value of an expression flows into an await/return/void: so does the value of the call
   * inside `p ??= run()`, `a || b()`, `cond ? x() : y()` and `(a, b())`.
   */
  function setValueContext(expression: ts.Expression, context: CallContext): void {
    const node = skipParens(expression);
    setContext(node, context);
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (
        operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
        operator === ts.SyntaxKind.BarBarEqualsToken ||
        operator === ts.SyntaxKind.EqualsToken ||
        operator === ts.SyntaxKind.CommaToken
      ) {
        setValueContext(node.right, context);
      } else if (
        operator === ts.SyntaxKind.QuestionQuestionToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.AmpersandAmpersandToken
      ) {
        setValueContext(node.left, context);
        setValueContext(node.right, context);
      }
    } else if (ts.isConditionalExpression(node)) {
      setValueContext(node.whenTrue, context);
      setValueContext(node.whenFalse, context);
    }
  }

  function visitVariable(declaration: ts.VariableDeclaration, fn: FunctionFacts, className: string | undefined, depth: number): void {
    const init = declaration.initializer;
    if (ts.isIdentifier(declaration.name)) {
      const name = declaration.name.text;
      const required = init ? requireSpecifier(init) : undefined;
      if (required !== undefined && fn === topLevel) {
        facts.imports.set(name, { specifier: required, imported: "*" });
      }
      const binding: LocalBinding = { name, node: declaration, kind: "value", assigned: [] };
      if (init) {
        binding.init = init;
        const strings = constantStrings(init, fn);
        if (strings) binding.strings = strings;
        const body = skipParens(init);
        if (ts.isArrowFunction(body) || ts.isFunctionExpression(body)) {
          binding.kind = "function";
          binding.fn = enterFunction(body, name, fn, className, depth);
          declare(fn, name, binding);
          return;
        }
        if (ts.isClassExpression(body)) {
          collectClass(body, name, fn, depth);
          binding.kind = "class";
          binding.className = name;
          declare(fn, name, binding);
          return;
        }
      }
      declare(fn, name, binding);
    } else if (ts.isObjectBindingPattern(declaration.name) && init) {
      // `const { Pool } = require("pg")` and `const { a, b } = obj`.
      const required = requireSpecifier(init);
      for (const element of declaration.name.elements) {
        if (!ts.isIdentifier(element.name)) continue;
        const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        if (required !== undefined && fn === topLevel) {
          facts.imports.set(element.name.text, { specifier: required, imported });
        }
        declare(fn, element.name.text, {
          name: element.name.text,
          node: element,
          kind: "value",
          assigned: [],
          init: ts.factory.createPropertyAccessExpression(init, imported),
        });
      }
    } else {
      for (const name of boundNames(declaration.name)) declare(fn, name, { name, node: declaration, kind: "value", assigned: [] });
    }
    if (init) visit(init, fn, className, depth + 1);
  }

  function visitBinary(node: ts.BinaryExpression, fn: FunctionFacts, className: string | undefined, depth: number): void {
    const operator = node.operatorToken.kind;
    const isAssignment =
      operator === ts.SyntaxKind.EqualsToken ||
      operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
      operator === ts.SyntaxKind.BarBarEqualsToken;
    if (isAssignment) {
      const target = chainOf(node.left);
      const symbol = operator === ts.SyntaxKind.EqualsToken ? "=" : operator === ts.SyntaxKind.QuestionQuestionEqualsToken ? "??=" : "||=";
      if (target) {
        const assignment: AssignmentFact = { target, operator: symbol, value: node.right, node };
        fn.assignments.push(assignment);
        if (symbol !== "=") fn.memoises = true;
        recordAssignmentSideFacts(target, node, fn, className);
      }
      const right = skipParens(node.right);
      if ((ts.isArrowFunction(right) || ts.isFunctionExpression(right)) && target) {
        const inner = enterFunction(right, target.join("."), fn, className, depth);
        if (target[0] === "module" && target[1] === "exports" && target.length === 2) {
          facts.exports.set("default", { local: inner.name });
          declare(topLevel, inner.name, { name: inner.name, node: right, fn: inner, kind: "function", assigned: [] });
        } else if (target.length === 1) {
          const existing = lookupLocal(fn, target[0] ?? "");
          if (existing) {
            existing.fn = inner;
            existing.kind = "function";
          }
        } else if (target[0] === "this" && className && target.length === 2) {
          facts.classes.get(className)?.methods.set(target[1] ?? "", inner);
        } else if ((target[0] === "exports" || (target[0] === "module" && target[1] === "exports")) && target.length >= 2) {
          const exportedName = target[target.length - 1] ?? "";
          declare(topLevel, exportedName, { name: exportedName, node: right, fn: inner, kind: "function", assigned: [] });
          facts.exports.set(exportedName, { local: exportedName });
        }
        visit(node.left, fn, className, depth + 1);
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, fn, className, depth + 1));
  }

  function recordAssignmentSideFacts(target: string[], node: ts.BinaryExpression, fn: FunctionFacts, className: string | undefined): void {
    if (target.length === 1 && target[0]) {
      const local = lookupLocal(fn, target[0]);
      local?.assigned.push(node.right);
    }
    if (target[0] === "this" && target.length === 2 && className) {
      const fields = facts.classes.get(className)?.fields;
      if (fields) fields.set(target[1] ?? "", [...(fields.get(target[1] ?? "") ?? []), node.right]);
    }
    if (target[0] === "process" && target[1] === "env" && target.length === 3 && target[2]) {
      facts.envWrites.push({ name: target[2], node });
    }
    if (target[0] === "module" && target[1] === "exports") {
      if (target.length === 2) {
        const right = skipParens(node.right);
        if (ts.isIdentifier(right)) facts.exports.set("default", { local: right.text });
        if (ts.isObjectLiteralExpression(right)) {
          for (const property of right.properties) {
            if (ts.isShorthandPropertyAssignment(property)) facts.exports.set(property.name.text, { local: property.name.text });
            else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && ts.isIdentifier(property.initializer)) {
              facts.exports.set(property.name.text, { local: property.initializer.text });
            }
          }
        }
      } else if (target.length === 3 && target[2]) {
        const right = skipParens(node.right);
        facts.exports.set(target[2], { local: ts.isIdentifier(right) ? right.text : target[2] });
      }
    }
    if (target[0] === "exports" && target.length === 2 && target[1]) {
      const right = skipParens(node.right);
      facts.exports.set(target[1], { local: ts.isIdentifier(right) ? right.text : target[1] });
    }
  }

  function visitCall(node: ts.CallExpression | ts.NewExpression, fn: FunctionFacts, className: string | undefined, depth: number): void {
    const context = callContexts.get(node) ?? NO_CONTEXT;
    const isNew = ts.isNewExpression(node);
    const chain = chainOf(node.expression);
    const call: CallFact = {
      node,
      chain,
      isNew,
      owner: fn,
      awaited: context.awaited,
      voided: context.voided,
      statement: context.statement,
      raced: context.raced,
      argFns: [],
      order: fn.calls.length,
    };
    fn.calls.push(call);

    // A call receiver (`x().then`) has no chain; the method name still decides what the call does.
    const method = chain?.[chain.length - 1] ?? (ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined);
    const receiver = ts.isPropertyAccessExpression(node.expression) ? skipParens(node.expression.expression) : undefined;
    // A continuation waits for its receiver; `.catch` passes the outer context through.
    if (receiver && (ts.isCallExpression(receiver) || ts.isNewExpression(receiver))) {
      if (method === "then" || method === "finally") setContext(receiver, { ...context, awaited: true, statement: false });
      else if (method === "catch") setContext(receiver, context);
    }
    const args = node.arguments ?? [];
    const isCombinator = chain?.length === 2 && chain[0] === "Promise" && PROMISE_COMBINATORS.has(chain[1] ?? "");
    if (isCombinator) {
      const raced = chain?.[1] === "race" || context.raced;
      for (const arg of args) markArrayElements(arg, { ...NO_CONTEXT, awaited: context.awaited, raced });
    }
    visit(node.expression, fn, className, depth + 1);
    const forEachStrings = method === "forEach" && receiver ? constantStrings(receiver, fn) : undefined;
    args.forEach((arg, index) => {
      const body = skipParens(arg);
      if (ts.isArrowFunction(body) || ts.isFunctionExpression(body)) {
        const inner = enterFunction(body, `${chain?.join(".") ?? "<call>"} callback`, fn, className, depth, (created) => {
          if (forEachStrings && index === 0) {
            const first = created.params[0];
            if (first) {
              const binding = created.locals.get(first.name);
              if (binding) binding.strings = forEachStrings;
            }
          }
        });
        call.argFns[index] = inner;
      } else {
        visit(arg, fn, className, depth + 1);
      }
    });
  }

  function markArrayElements(arg: ts.Expression, context: CallContext): void {
    const body = skipParens(arg);
    if (ts.isArrayLiteralExpression(body)) {
      for (const element of body.elements) {
        const inner = skipParens(ts.isSpreadElement(element) ? element.expression : element);
        setContext(ts.isAwaitExpression(inner) ? skipParens(inner.expression) : inner, context);
      }
    } else {
      setContext(body, context);
    }
  }

  function enterFunction(
    node: ts.SignatureDeclarationBase & { body?: ts.Node | undefined },
    name: string,
    parent: FunctionFacts,
    className: string | undefined,
    depth: number,
    beforeBody?: (created: FunctionFacts) => void,
  ): FunctionFacts {
    const inner = newFunction(functions, file, name, node, parent, className);
    inner.isAsync = hasModifier(node, ts.SyntaxKind.AsyncKeyword);
    for (const param of node.parameters) {
      const facts: ParamFacts = { name: ts.isIdentifier(param.name) ? param.name.text : `<param${inner.params.length}>`, destructured: [] };
      if (!ts.isIdentifier(param.name)) facts.destructured = boundNames(param.name);
      inner.params.push(facts);
      declare(inner, facts.name, { name: facts.name, node: param, kind: "parameter", assigned: [] });
      for (const bound of facts.destructured) declare(inner, bound, { name: bound, node: param, kind: "parameter", assigned: [] });
    }
    beforeBody?.(inner);
    const body = node.body;
    if (body) {
      if (!ts.isBlock(body)) setValueContext(body as ts.Expression, { ...NO_CONTEXT, awaited: true });
      visit(body, inner, className, depth + 1);
    }
    return inner;
  }

  function collectClass(node: ts.ClassDeclaration | ts.ClassExpression, name: string, fn: FunctionFacts, depth: number): void {
    const heritage = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
    const baseExpression = heritage?.types[0]?.expression;
    const classFacts: ClassFacts = {
      name,
      file,
      methods: new Map(),
      fields: new Map(),
      node,
    };
    if (baseExpression && ts.isIdentifier(baseExpression)) classFacts.base = baseExpression.text;
    facts.classes.set(name, classFacts);
    for (const member of node.members) {
      const memberName =
        member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name) || ts.isStringLiteral(member.name))
          ? member.name.text
          : undefined;
      if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) {
        if (memberName) classFacts.methods.set(memberName, enterFunction(member, `${name}.${memberName}`, fn, name, depth));
      } else if (ts.isConstructorDeclaration(member)) {
        classFacts.methods.set("constructor", enterFunction(member, `${name}.constructor`, fn, name, depth));
        for (const param of member.parameters) {
          // `constructor(private readonly pool: Pool)` makes a field.
          if (ts.isIdentifier(param.name) && param.modifiers?.length) classFacts.fields.set(param.name.text, []);
        }
      } else if (ts.isPropertyDeclaration(member) && memberName) {
        const init = member.initializer && skipParens(member.initializer);
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          classFacts.methods.set(memberName, enterFunction(init, `${name}.${memberName}`, fn, name, depth));
        } else {
          classFacts.fields.set(memberName, init ? [init] : []);
          if (init) visit(init, fn, name, depth + 1);
        }
      }
    }
  }

  function recordGuard(node: ts.IfStatement, fn: FunctionFacts): void {
    const statements = ts.isBlock(node.thenStatement) ? [...node.thenStatement.statements] : [node.thenStatement];
    // `if (closing) process.exit(1)` guards as well as a return: a second run ends the process instead.
    const exits = statements.some((s) => ts.isReturnStatement(s) || isProcessExitStatement(s));
    if (!exits) return;
    const flag = chainOf(skipNot(node.expression));
    if (flag) {
      fn.guardFlags.push(flag.join("."));
      if (!ts.isPrefixUnaryExpression(node.expression)) {
        // `if (promise) return promise;` memoises.
        const ret = ts.isReturnStatement(node.thenStatement) ? node.thenStatement : undefined;
        if (ret?.expression && chainOf(ret.expression)?.join(".") === flag.join(".")) fn.memoises = true;
      }
    }
  }

  function recordImport(node: ts.ImportDeclaration): void {
    if (!ts.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (!clause) {
      facts.sideEffectImports.push(specifier);
      return;
    }
    if (clause.name) facts.imports.set(clause.name.text, { specifier, imported: "default" });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) facts.imports.set(bindings.name.text, { specifier, imported: "*" });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        facts.imports.set(element.name.text, { specifier, imported: (element.propertyName ?? element.name).text });
      }
    }
  }

  function recordExportDeclaration(node: ts.ExportDeclaration): void {
    const specifier = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    const clause = node.exportClause;
    if (!clause) {
      if (specifier) facts.starExports.push(specifier);
      return;
    }
    if (ts.isNamespaceExport(clause)) {
      if (specifier) facts.exports.set(clause.name.text, { specifier, imported: "*" });
      return;
    }
    for (const element of clause.elements) {
      const local = (element.propertyName ?? element.name).text;
      const target: ExportTarget = specifier ? { specifier, imported: local } : { local };
      facts.exports.set(element.name.text, target);
    }
  }

  function recordDeclarationExport(node: ts.FunctionDeclaration | ts.ClassDeclaration, name: string): void {
    if (!hasModifier(node, ts.SyntaxKind.ExportKeyword)) return;
    const isDefault = hasModifier(node, ts.SyntaxKind.DefaultKeyword);
    facts.exports.set(isDefault ? "default" : name, { local: name });
  }

  function exportedLocal(expression: ts.Expression, fn: FunctionFacts, className: string | undefined, depth: number): string {
    const body = skipParens(expression);
    if (ts.isIdentifier(body)) return body.text;
    if (ts.isArrowFunction(body) || ts.isFunctionExpression(body)) {
      const inner = enterFunction(body, "default", fn, className, depth);
      declare(topLevel, "default", { name: "default", node: body, fn: inner, kind: "function", assigned: [] });
      return "default";
    }
    declare(topLevel, "default", { name: "default", node: body, init: body, kind: "value", assigned: [] });
    visit(body, fn, className, depth + 1);
    return "default";
  }

  function constantStrings(expression: ts.Expression, fn: FunctionFacts): string[] | undefined {
    let body = skipParens(expression);
    while (ts.isAsExpression(body) || ts.isSatisfiesExpression(body)) body = skipParens(body.expression);
    if (ts.isStringLiteralLike(body)) return [body.text];
    if (ts.isArrayLiteralExpression(body)) {
      const values: string[] = [];
      for (const element of body.elements) {
        const inner = skipParens(element);
        if (!ts.isStringLiteralLike(inner)) return undefined;
        values.push(inner.text);
      }
      return values;
    }
    if (ts.isIdentifier(body)) return lookupLocal(fn, body.text)?.strings;
    return undefined;
  }

  visit(sourceFile, topLevel, undefined, 0);
  return facts;
}

function newFunction(
  functions: FunctionFacts[],
  file: string,
  name: string,
  node: ts.Node,
  parent: FunctionFacts | undefined,
  className: string | undefined,
): FunctionFacts {
  const fn: FunctionFacts = {
    id: functions.length,
    file,
    name,
    node,
    params: [],
    isAsync: false,
    calls: [],
    locals: new Map(),
    assignments: [],
    guardFlags: [],
    memoises: false,
    throws: [],
  };
  if (parent) fn.parent = parent;
  if (className) fn.className = className;
  functions.push(fn);
  return fn;
}

function declare(fn: FunctionFacts, name: string, binding: LocalBinding): void {
  const existing = fn.locals.get(name);
  // `let x; x = …` keeps the first declaration and collects assignments on it.
  if (existing && binding.kind === "value" && !binding.init) return;
  fn.locals.set(name, binding);
}

export function lookupLocal(fn: FunctionFacts | undefined, name: string): LocalBinding | undefined {
  for (let scope = fn; scope; scope = scope.parent) {
    const found = scope.locals.get(name);
    if (found) return found;
  }
  return undefined;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) ? (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

export function skipParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function isProcessExitStatement(statement: ts.Statement): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const expression = skipParens(statement.expression);
  return ts.isCallExpression(expression) && chainOf(expression.expression)?.join(".") === "process.exit";
}

function skipNot(node: ts.Expression): ts.Expression {
  const inner = skipParens(node);
  return ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken ? skipParens(inner.operand) : inner;
}

/** `a.b.c` → ["a","b","c"]; `this.x` → ["this","x"]; `a[k]` → ["a","[]"]; `a?.b` like `a.b`. */
export function chainOf(node: ts.Expression): string[] | null {
  const parts: string[] = [];
  let current: ts.Expression = skipParens(node);
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      parts.unshift(current.name.text);
      current = skipParens(current.expression);
    } else if (ts.isElementAccessExpression(current)) {
      const argument = current.argumentExpression;
      parts.unshift(ts.isStringLiteralLike(argument) ? argument.text : "[]");
      current = skipParens(current.expression);
    } else if (ts.isIdentifier(current)) {
      parts.unshift(current.text);
      return parts;
    } else if (current.kind === ts.SyntaxKind.ThisKeyword) {
      parts.unshift("this");
      return parts;
    } else {
      return null;
    }
  }
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    names.push(...boundNames(element.name));
  }
  return names;
}

function requireSpecifier(init: ts.Expression): string | undefined {
  let body = skipParens(init);
  if (ts.isAwaitExpression(body)) body = skipParens(body.expression);
  if (!ts.isCallExpression(body)) return undefined;
  const callee = body.expression;
  const isRequire = ts.isIdentifier(callee) && callee.text === "require";
  const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
  const first = body.arguments[0];
  if ((isRequire || isDynamicImport) && first && ts.isStringLiteralLike(first)) return first.text;
  return undefined;
}
