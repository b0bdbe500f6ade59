import type { ts } from "ts-morph";
import { compiler } from "./compiler.js";
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
const AWAITED: CallContext = { ...NO_CONTEXT, awaited: true };
const VOIDED: CallContext = { ...NO_CONTEXT, voided: true };
const STATEMENT: CallContext = { ...NO_CONTEXT, statement: true };
const FIRST_TYPE_NODE = compiler.SyntaxKind.FirstTypeNode;
const LAST_TYPE_NODE = compiler.SyntaxKind.LastTypeNode;
const PROMISE_COMBINATORS = new Set(["all", "allSettled", "race", "any"]);

/**
 * One walk over a parsed file that records its imports, exports, functions, classes, calls and
 * assignments as plain data (ANALYZER.md, layer 4). Compiler nodes are walked directly with
 * `compiler.forEachChild`; ts-morph's wrappers cost several times more per node.
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
    tooDeep: false,
  };

  const callContexts = new Map<ts.Node, CallContext>();

  // One child visitor per (function, class) pair, reading the depth from `childDepth`: a closure per
  // visited node would dominate the walk's cost on large trees.
  let childDepth = 0;
  const visitors = new Map<FunctionFacts, Map<string | undefined, (child: ts.Node) => void>>();
  function descend(node: ts.Node, fn: FunctionFacts, className: string | undefined, depth: number): void {
    let byClass = visitors.get(fn);
    if (!byClass) {
      byClass = new Map();
      visitors.set(fn, byClass);
    }
    let visitor = byClass.get(className);
    if (!visitor) {
      visitor = (child: ts.Node) => visit(child, fn, className, childDepth);
      byClass.set(className, visitor);
    }
    const saved = childDepth;
    childDepth = depth + 1;
    compiler.forEachChild(node, visitor);
    childDepth = saved;
  }

  function visit(node: ts.Node, fn: FunctionFacts, className: string | undefined, depth: number): void {
    if (depth > MAX_WALK_DEPTH) {
      facts.tooDeep = true;
      return;
    }
    // Types say nothing about what runs at shutdown; on TypeScript code they are a large share of the
    // tree. Skip them, and let them go: every AST stays alive for the whole analysis.
    if (node.kind >= FIRST_TYPE_NODE && node.kind <= LAST_TYPE_NODE) return;
    dropTypeAnnotations(node as TypeAnnotated);
    switch (node.kind) {
      case compiler.SyntaxKind.InterfaceDeclaration:
      case compiler.SyntaxKind.TypeAliasDeclaration:
        return;
      case compiler.SyntaxKind.ImportDeclaration:
        recordImport(node as ts.ImportDeclaration);
        return;
      case compiler.SyntaxKind.ExportDeclaration:
        recordExportDeclaration(node as ts.ExportDeclaration);
        return;
      case compiler.SyntaxKind.ExportAssignment: {
        const assignment = node as ts.ExportAssignment;
        const local = exportedLocal(assignment.expression, fn, className, depth);
        facts.exports.set("default", { local });
        return;
      }
      case compiler.SyntaxKind.FunctionDeclaration: {
        const declaration = node as ts.FunctionDeclaration;
        const name = declaration.name?.text ?? "default";
        const inner = enterFunction(declaration, name, fn, className, depth);
        declare(fn, name, { name, node, fn: inner, kind: "function", assigned: [] });
        if (fn === topLevel) recordDeclarationExport(declaration, name);
        return;
      }
      case compiler.SyntaxKind.ClassDeclaration:
      case compiler.SyntaxKind.ClassExpression: {
        const declaration = node as ts.ClassDeclaration | ts.ClassExpression;
        const name = declaration.name?.text ?? (fn === topLevel ? "default" : `<class@${node.pos}>`);
        collectClass(declaration, name, fn, depth);
        declare(fn, name, { name, node, className: name, kind: "class", assigned: [] });
        if (fn === topLevel && compiler.isClassDeclaration(declaration)) recordDeclarationExport(declaration, name);
        return;
      }
      case compiler.SyntaxKind.VariableStatement: {
        const statement = node as ts.VariableStatement;
        const exported = fn === topLevel && hasModifier(statement, compiler.SyntaxKind.ExportKeyword);
        for (const declaration of statement.declarationList.declarations) {
          visitVariable(declaration, fn, className, depth);
          if (exported) for (const name of boundNames(declaration.name)) facts.exports.set(name, { local: name });
        }
        return;
      }
      case compiler.SyntaxKind.VariableDeclarationList: {
        for (const declaration of (node as ts.VariableDeclarationList).declarations) {
          visitVariable(declaration, fn, className, depth);
        }
        return;
      }
      case compiler.SyntaxKind.ForOfStatement: {
        const loop = node as ts.ForOfStatement;
        const strings = constantStrings(loop.expression, fn);
        if (compiler.isVariableDeclarationList(loop.initializer)) {
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
      case compiler.SyntaxKind.ArrowFunction:
      case compiler.SyntaxKind.FunctionExpression: {
        const expression = node as ts.ArrowFunction | ts.FunctionExpression;
        const name = compiler.isFunctionExpression(expression) && expression.name ? expression.name.text : "<anonymous>";
        enterFunction(expression, name, fn, className, depth);
        return;
      }
      case compiler.SyntaxKind.MethodDeclaration:
      case compiler.SyntaxKind.GetAccessor:
      case compiler.SyntaxKind.SetAccessor: {
        const method = node as ts.MethodDeclaration;
        const name = compiler.isIdentifier(method.name) || compiler.isStringLiteral(method.name) ? method.name.text : "<method>";
        enterFunction(method, name, fn, className, depth);
        return;
      }
      case compiler.SyntaxKind.CallExpression:
      case compiler.SyntaxKind.NewExpression:
        visitCall(node as ts.CallExpression | ts.NewExpression, fn, className, depth);
        return;
      case compiler.SyntaxKind.AwaitExpression: {
        setValueContext((node as ts.AwaitExpression).expression, AWAITED);
        visit((node as ts.AwaitExpression).expression, fn, className, depth + 1);
        return;
      }
      case compiler.SyntaxKind.VoidExpression: {
        setValueContext((node as ts.VoidExpression).expression, VOIDED);
        visit((node as ts.VoidExpression).expression, fn, className, depth + 1);
        return;
      }
      case compiler.SyntaxKind.ReturnStatement: {
        const expression = (node as ts.ReturnStatement).expression;
        if (expression) {
          setValueContext(expression, AWAITED);
          visit(expression, fn, className, depth + 1);
        }
        return;
      }
      case compiler.SyntaxKind.ExpressionStatement: {
        const expression = skipParens((node as ts.ExpressionStatement).expression);
        const required = requireSpecifier(expression);
        if (required !== undefined) facts.sideEffectImports.push(required);
        if (!callContexts.has(expression)) setContext(expression, STATEMENT);
        visit((node as ts.ExpressionStatement).expression, fn, className, depth + 1);
        return;
      }
      case compiler.SyntaxKind.BinaryExpression:
        visitBinary(node as ts.BinaryExpression, fn, className, depth);
        return;
      case compiler.SyntaxKind.DeleteExpression: {
        const target = chainOf((node as ts.DeleteExpression).expression);
        if (target) fn.assignments.push({ target, operator: "delete", node });
        descend(node, fn, className, depth);
        return;
      }
      case compiler.SyntaxKind.PropertyAccessExpression:
      case compiler.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const object = access.expression;
        if (
          compiler.isPropertyAccessExpression(object) &&
          object.name.text === "env" &&
          compiler.isIdentifier(object.expression) &&
          object.expression.text === "process"
        ) {
          const name = compiler.isPropertyAccessExpression(access)
            ? access.name.text
            : compiler.isStringLiteralLike(access.argumentExpression)
              ? access.argumentExpression.text
              : undefined;
          if (name) facts.envReads.push({ name, node });
        }
        break;
      }
      case compiler.SyntaxKind.ThrowStatement:
        fn.throws.push(node as ts.ThrowStatement);
        break;
      case compiler.SyntaxKind.IfStatement:
        recordGuard(node as ts.IfStatement, fn);
        break;
    }
    descend(node, fn, className, depth);
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
    if (compiler.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (
        operator === compiler.SyntaxKind.QuestionQuestionEqualsToken ||
        operator === compiler.SyntaxKind.BarBarEqualsToken ||
        operator === compiler.SyntaxKind.EqualsToken ||
        operator === compiler.SyntaxKind.CommaToken
      ) {
        setValueContext(node.right, context);
      } else if (
        operator === compiler.SyntaxKind.QuestionQuestionToken ||
        operator === compiler.SyntaxKind.BarBarToken ||
        operator === compiler.SyntaxKind.AmpersandAmpersandToken
      ) {
        setValueContext(node.left, context);
        setValueContext(node.right, context);
      }
    } else if (compiler.isConditionalExpression(node)) {
      setValueContext(node.whenTrue, context);
      setValueContext(node.whenFalse, context);
    }
  }

  function visitVariable(declaration: ts.VariableDeclaration, fn: FunctionFacts, className: string | undefined, depth: number): void {
    const init = declaration.initializer;
    if (compiler.isIdentifier(declaration.name)) {
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
        if (compiler.isArrowFunction(body) || compiler.isFunctionExpression(body)) {
          binding.kind = "function";
          binding.fn = enterFunction(body, name, fn, className, depth);
          declare(fn, name, binding);
          return;
        }
        if (compiler.isClassExpression(body)) {
          collectClass(body, name, fn, depth);
          binding.kind = "class";
          binding.className = name;
          declare(fn, name, binding);
          return;
        }
      }
      declare(fn, name, binding);
    } else if (compiler.isObjectBindingPattern(declaration.name) && init) {
      // `const { Pool } = require("pg")` and `const { a, b } = obj`.
      const required = requireSpecifier(init);
      for (const element of declaration.name.elements) {
        if (!compiler.isIdentifier(element.name)) continue;
        const imported =
          element.propertyName && compiler.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        if (required !== undefined && fn === topLevel) {
          facts.imports.set(element.name.text, { specifier: required, imported });
        }
        declare(fn, element.name.text, {
          name: element.name.text,
          node: element,
          kind: "value",
          assigned: [],
          init: compiler.factory.createPropertyAccessExpression(init, imported),
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
      operator === compiler.SyntaxKind.EqualsToken ||
      operator === compiler.SyntaxKind.QuestionQuestionEqualsToken ||
      operator === compiler.SyntaxKind.BarBarEqualsToken;
    if (isAssignment) {
      const target = chainOf(node.left);
      const symbol =
        operator === compiler.SyntaxKind.EqualsToken ? "=" : operator === compiler.SyntaxKind.QuestionQuestionEqualsToken ? "??=" : "||=";
      if (target) {
        const assignment: AssignmentFact = { target, operator: symbol, value: node.right, node };
        fn.assignments.push(assignment);
        if (symbol !== "=") fn.memoises = true;
        recordAssignmentSideFacts(target, node, fn, className);
      }
      const right = skipParens(node.right);
      if ((compiler.isArrowFunction(right) || compiler.isFunctionExpression(right)) && target) {
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
    descend(node, fn, className, depth);
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
        if (compiler.isIdentifier(right)) facts.exports.set("default", { local: right.text });
        if (compiler.isObjectLiteralExpression(right)) {
          for (const property of right.properties) {
            if (compiler.isShorthandPropertyAssignment(property)) facts.exports.set(property.name.text, { local: property.name.text });
            else if (
              compiler.isPropertyAssignment(property) &&
              compiler.isIdentifier(property.name) &&
              compiler.isIdentifier(property.initializer)
            ) {
              facts.exports.set(property.name.text, { local: property.initializer.text });
            }
          }
        }
      } else if (target.length === 3 && target[2]) {
        const right = skipParens(node.right);
        facts.exports.set(target[2], { local: compiler.isIdentifier(right) ? right.text : target[2] });
      }
    }
    if (target[0] === "exports" && target.length === 2 && target[1]) {
      const right = skipParens(node.right);
      facts.exports.set(target[1], { local: compiler.isIdentifier(right) ? right.text : target[1] });
    }
  }

  function visitCall(node: ts.CallExpression | ts.NewExpression, fn: FunctionFacts, className: string | undefined, depth: number): void {
    const context = callContexts.get(node) ?? NO_CONTEXT;
    const isNew = compiler.isNewExpression(node);
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
    const method =
      chain?.[chain.length - 1] ?? (compiler.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined);
    const receiver = compiler.isPropertyAccessExpression(node.expression) ? skipParens(node.expression.expression) : undefined;
    // A continuation waits for its receiver; `.catch` passes the outer context through.
    if (receiver && (compiler.isCallExpression(receiver) || compiler.isNewExpression(receiver))) {
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
      if (compiler.isArrowFunction(body) || compiler.isFunctionExpression(body)) {
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
    if (compiler.isArrayLiteralExpression(body)) {
      for (const element of body.elements) {
        const inner = skipParens(compiler.isSpreadElement(element) ? element.expression : element);
        setContext(compiler.isAwaitExpression(inner) ? skipParens(inner.expression) : inner, context);
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
    inner.isAsync = hasModifier(node, compiler.SyntaxKind.AsyncKeyword);
    for (const param of node.parameters) {
      const facts: ParamFacts = {
        name: compiler.isIdentifier(param.name) ? param.name.text : `<param${inner.params.length}>`,
        destructured: [],
      };
      if (!compiler.isIdentifier(param.name)) facts.destructured = boundNames(param.name);
      inner.params.push(facts);
      declare(inner, facts.name, { name: facts.name, node: param, kind: "parameter", assigned: [] });
      for (const bound of facts.destructured) declare(inner, bound, { name: bound, node: param, kind: "parameter", assigned: [] });
    }
    beforeBody?.(inner);
    const body = node.body;
    if (body) {
      if (!compiler.isBlock(body)) setValueContext(body as ts.Expression, AWAITED);
      visit(body, inner, className, depth + 1);
    }
    return inner;
  }

  function collectClass(node: ts.ClassDeclaration | ts.ClassExpression, name: string, fn: FunctionFacts, depth: number): void {
    const heritage = node.heritageClauses?.find((clause) => clause.token === compiler.SyntaxKind.ExtendsKeyword);
    const baseExpression = heritage?.types[0]?.expression;
    const classFacts: ClassFacts = {
      name,
      file,
      methods: new Map(),
      fields: new Map(),
      node,
    };
    if (baseExpression && compiler.isIdentifier(baseExpression)) classFacts.base = baseExpression.text;
    facts.classes.set(name, classFacts);
    for (const member of node.members) {
      const memberName =
        member.name &&
        (compiler.isIdentifier(member.name) || compiler.isPrivateIdentifier(member.name) || compiler.isStringLiteral(member.name))
          ? member.name.text
          : undefined;
      if (compiler.isMethodDeclaration(member) || compiler.isGetAccessorDeclaration(member) || compiler.isSetAccessorDeclaration(member)) {
        if (memberName) classFacts.methods.set(memberName, enterFunction(member, `${name}.${memberName}`, fn, name, depth));
      } else if (compiler.isConstructorDeclaration(member)) {
        classFacts.methods.set("constructor", enterFunction(member, `${name}.constructor`, fn, name, depth));
        for (const param of member.parameters) {
          // `constructor(private readonly pool: Pool)` makes a field.
          if (compiler.isIdentifier(param.name) && param.modifiers?.length) classFacts.fields.set(param.name.text, []);
        }
      } else if (compiler.isPropertyDeclaration(member) && memberName) {
        const init = member.initializer && skipParens(member.initializer);
        if (init && (compiler.isArrowFunction(init) || compiler.isFunctionExpression(init))) {
          classFacts.methods.set(memberName, enterFunction(init, `${name}.${memberName}`, fn, name, depth));
        } else {
          classFacts.fields.set(memberName, init ? [init] : []);
          if (init) visit(init, fn, name, depth + 1);
        }
      }
    }
  }

  function recordGuard(node: ts.IfStatement, fn: FunctionFacts): void {
    const statements = compiler.isBlock(node.thenStatement) ? [...node.thenStatement.statements] : [node.thenStatement];
    // `if (closing) process.exit(1)` guards as well as a return: a second run ends the process instead.
    const exits = statements.some((s) => compiler.isReturnStatement(s) || isProcessExitStatement(s));
    if (!exits) return;
    const flag = chainOf(skipNot(node.expression));
    if (flag) {
      fn.guardFlags.push(flag.join("."));
      if (!compiler.isPrefixUnaryExpression(node.expression)) {
        // `if (promise) return promise;` memoises.
        const ret = compiler.isReturnStatement(node.thenStatement) ? node.thenStatement : undefined;
        if (ret?.expression && chainOf(ret.expression)?.join(".") === flag.join(".")) fn.memoises = true;
      }
    }
  }

  function recordImport(node: ts.ImportDeclaration): void {
    if (!compiler.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (!clause) {
      facts.sideEffectImports.push(specifier);
      return;
    }
    if (clause.name) facts.imports.set(clause.name.text, { specifier, imported: "default" });
    const bindings = clause.namedBindings;
    if (bindings && compiler.isNamespaceImport(bindings)) facts.imports.set(bindings.name.text, { specifier, imported: "*" });
    if (bindings && compiler.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        facts.imports.set(element.name.text, { specifier, imported: (element.propertyName ?? element.name).text });
      }
    }
  }

  function recordExportDeclaration(node: ts.ExportDeclaration): void {
    const specifier = node.moduleSpecifier && compiler.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    const clause = node.exportClause;
    if (!clause) {
      if (specifier) facts.starExports.push(specifier);
      return;
    }
    if (compiler.isNamespaceExport(clause)) {
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
    if (!hasModifier(node, compiler.SyntaxKind.ExportKeyword)) return;
    const isDefault = hasModifier(node, compiler.SyntaxKind.DefaultKeyword);
    facts.exports.set(isDefault ? "default" : name, { local: name });
  }

  function exportedLocal(expression: ts.Expression, fn: FunctionFacts, className: string | undefined, depth: number): string {
    const body = skipParens(expression);
    if (compiler.isIdentifier(body)) return body.text;
    if (compiler.isArrowFunction(body) || compiler.isFunctionExpression(body)) {
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
    while (compiler.isAsExpression(body) || compiler.isSatisfiesExpression(body)) body = skipParens(body.expression);
    if (compiler.isStringLiteralLike(body)) return [body.text];
    if (compiler.isArrayLiteralExpression(body)) {
      const values: string[] = [];
      for (const element of body.elements) {
        const inner = skipParens(element);
        if (!compiler.isStringLiteralLike(inner)) return undefined;
        values.push(inner.text);
      }
      return values;
    }
    if (compiler.isIdentifier(body)) return lookupLocal(fn, body.text)?.strings;
    return undefined;
  }

  visit(sourceFile, topLevel, undefined, 0);
  return facts;
}

interface TypeAnnotated {
  type?: unknown;
  typeArguments?: unknown;
  typeParameters?: unknown;
}

/** Every `type`, `typeArguments` and `typeParameters` child in the TypeScript AST is type-only syntax. */
function dropTypeAnnotations(node: TypeAnnotated): void {
  if (node.type !== undefined) node.type = undefined;
  if (node.typeArguments !== undefined) node.typeArguments = undefined;
  if (node.typeParameters !== undefined) node.typeParameters = undefined;
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
  return compiler.canHaveModifiers(node) ? (compiler.getModifiers(node)?.some((m) => m.kind === kind) ?? false) : false;
}

export function skipParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    compiler.isParenthesizedExpression(current) ||
    compiler.isNonNullExpression(current) ||
    compiler.isAsExpression(current) ||
    compiler.isTypeAssertionExpression(current) ||
    compiler.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function isProcessExitStatement(statement: ts.Statement): boolean {
  if (!compiler.isExpressionStatement(statement)) return false;
  const expression = skipParens(statement.expression);
  return compiler.isCallExpression(expression) && chainOf(expression.expression)?.join(".") === "process.exit";
}

function skipNot(node: ts.Expression): ts.Expression {
  const inner = skipParens(node);
  return compiler.isPrefixUnaryExpression(inner) && inner.operator === compiler.SyntaxKind.ExclamationToken
    ? skipParens(inner.operand)
    : inner;
}

/** `a.b.c` → ["a","b","c"]; `this.x` → ["this","x"]; `a[k]` → ["a","[]"]; `a?.b` like `a.b`. */
export function chainOf(node: ts.Expression): string[] | null {
  const parts: string[] = [];
  let current: ts.Expression = skipParens(node);
  for (;;) {
    if (compiler.isPropertyAccessExpression(current)) {
      parts.unshift(current.name.text);
      current = skipParens(current.expression);
    } else if (compiler.isElementAccessExpression(current)) {
      const argument = current.argumentExpression;
      parts.unshift(compiler.isStringLiteralLike(argument) ? argument.text : "[]");
      current = skipParens(current.expression);
    } else if (compiler.isIdentifier(current)) {
      parts.unshift(current.text);
      return parts;
    } else if (current.kind === compiler.SyntaxKind.ThisKeyword) {
      parts.unshift("this");
      return parts;
    } else {
      return null;
    }
  }
}

function boundNames(name: ts.BindingName): string[] {
  if (compiler.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (compiler.isOmittedExpression(element)) continue;
    names.push(...boundNames(element.name));
  }
  return names;
}

function requireSpecifier(init: ts.Expression): string | undefined {
  let body = skipParens(init);
  if (compiler.isAwaitExpression(body)) body = skipParens(body.expression);
  if (!compiler.isCallExpression(body)) return undefined;
  const callee = body.expression;
  const isRequire = compiler.isIdentifier(callee) && callee.text === "require";
  const isDynamicImport = callee.kind === compiler.SyntaxKind.ImportKeyword;
  const first = body.arguments[0];
  if ((isRequire || isDynamicImport) && first && compiler.isStringLiteralLike(first)) return first.text;
  return undefined;
}
