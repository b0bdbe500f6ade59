import type { ts } from "ts-morph";
import { skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import type { Ref, Resolver } from "./resolver.js";
import { safeText } from "./source-span.js";

export interface NumberValue {
  value: number;
  /** Read from configuration with this default (`Number(process.env.GRACE_MS ?? 5000)`). */
  fromConfig: boolean;
  /** Where the value is written (the literal), which may be far from where it is used. */
  writtenAt?: { node: ts.Node; file: string };
}

const MAX_DEPTH = 8;

/** Evaluates a numeric expression the way a reader would: literals, constants, `10 * 1000`, env defaults. */
export function evaluateNumber(resolver: Resolver, ref: Ref): NumberValue | undefined {
  return evaluateNumbers(resolver, ref)[0];
}

/**
 * Every value a numeric expression may have: a parameter or option passed differently at each call
 * site (a shared shutdown class given 1500 ms by the stdio binary and 6000 ms by the HTTP one)
 * yields one value per site, each with where it is written.
 */
export function evaluateNumbers(resolver: Resolver, ref: Ref, depth = 0): NumberValue[] {
  if (depth > MAX_DEPTH || !compiler.isExpression(ref.expr)) return [];
  const expr = skipParens(ref.expr as ts.Expression);
  const writtenAt = { node: expr, file: ref.fn.file };
  if (compiler.isNumericLiteral(expr)) return [{ value: Number(expr.text.replace(/_/g, "")), fromConfig: false, writtenAt }];
  if (compiler.isStringLiteralLike(expr) && /^\d+(\.\d+)?$/.test(expr.text))
    return [{ value: Number(expr.text), fromConfig: false, writtenAt }];
  if (compiler.isPrefixUnaryExpression(expr) && expr.operator === compiler.SyntaxKind.PlusToken)
    return evaluateNumbers(resolver, { ...ref, expr: expr.operand }, depth + 1);
  if (compiler.isIdentifier(expr)) return identifierNumbers(resolver, ref, expr.text, depth);
  if (compiler.isPropertyAccessExpression(expr)) return propertyNumbers(resolver, { ...ref, expr: expr.expression }, expr.name.text, depth);
  if (compiler.isBinaryExpression(expr)) return binaryNumbers(resolver, ref, expr, depth);
  if (compiler.isConditionalExpression(expr)) {
    if (!readsEnv(expr.condition)) return [];
    return evaluateNumbers(resolver, { ...ref, expr: expr.whenFalse }, depth + 1).map((value) => ({ ...value, fromConfig: true }));
  }
  if (
    compiler.isCallExpression(expr) &&
    compiler.isIdentifier(expr.expression) &&
    ["Number", "parseInt", "parseFloat"].includes(expr.expression.text)
  ) {
    const first = expr.arguments[0];
    return first ? evaluateNumbers(resolver, { ...ref, expr: first }, depth + 1) : [];
  }
  return [];
}

function identifierNumbers(resolver: Resolver, ref: Ref, name: string, depth: number): NumberValue[] {
  const found = resolver.lookup(name, ref.fn);
  if (found && "binding" in found) {
    if (found.binding.kind === "parameter") {
      return resolver.parameterValues(found.binding, found.owner, ref.env).flatMap((value) => evaluateNumbers(resolver, value, depth + 1));
    }
    return found.binding.init ? evaluateNumbers(resolver, { expr: found.binding.init, fn: found.owner, env: ref.env }, depth + 1) : [];
  }
  if (found && "import" in found) {
    const file = resolver.resolveModule(found.module.file, found.import.specifier);
    for (const terminal of file ? resolver.resolveExport(file, found.import.imported) : []) {
      if (terminal.kind === "expression")
        return evaluateNumbers(resolver, { expr: terminal.expr, fn: terminal.fn, env: terminal.env }, depth + 1);
    }
  }
  return [];
}

/** `options.timeoutMs`, `this.#options.deadlineMs`, `CONFIG.graceMs`: the property's value where the object is written. */
function propertyNumbers(resolver: Resolver, object: Ref, name: string, depth: number): NumberValue[] {
  const values: NumberValue[] = [];
  for (const terminal of resolver.terminals(object)) {
    if (terminal.kind !== "expression") continue;
    const literal = skipParens(terminal.expr);
    if (!compiler.isObjectLiteralExpression(literal)) continue;
    for (const property of literal.properties) {
      const key =
        property.name && (compiler.isIdentifier(property.name) || compiler.isStringLiteral(property.name)) ? property.name.text : undefined;
      if (key !== name) continue;
      const value = compiler.isPropertyAssignment(property)
        ? property.initializer
        : compiler.isShorthandPropertyAssignment(property)
          ? property.name
          : undefined;
      if (value) values.push(...evaluateNumbers(resolver, { expr: value, fn: terminal.fn, env: terminal.env }, depth + 1));
    }
  }
  return values;
}

function binaryNumbers(resolver: Resolver, ref: Ref, expr: ts.BinaryExpression, depth: number): NumberValue[] {
  const operator = expr.operatorToken.kind;
  if (operator === compiler.SyntaxKind.QuestionQuestionToken || operator === compiler.SyntaxKind.BarBarToken) {
    const fallback = evaluateNumbers(resolver, { ...ref, expr: expr.right }, depth + 1).map((value) => ({ ...value, fromConfig: true }));
    if (readsEnv(expr.left)) return fallback;
    const left = evaluateNumbers(resolver, { ...ref, expr: expr.left }, depth + 1);
    return left.length > 0 ? left : fallback;
  }
  const [left] = evaluateNumbers(resolver, { ...ref, expr: expr.left }, depth + 1);
  const [right] = evaluateNumbers(resolver, { ...ref, expr: expr.right }, depth + 1);
  if (!left || !right) return [];
  const combined = (value: number): NumberValue[] => {
    const result: NumberValue = { value, fromConfig: left.fromConfig || right.fromConfig };
    if (left.writtenAt) result.writtenAt = left.writtenAt;
    return [result];
  };
  switch (operator) {
    case compiler.SyntaxKind.AsteriskToken:
      return combined(left.value * right.value);
    case compiler.SyntaxKind.PlusToken:
      return combined(left.value + right.value);
    case compiler.SyntaxKind.MinusToken:
      return combined(left.value - right.value);
    case compiler.SyntaxKind.SlashToken:
      return right.value === 0 ? [] : combined(left.value / right.value);
    default:
      return [];
  }
}

function readsEnv(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (compiler.isPropertyAccessExpression(child) && safeText(child).startsWith("process.env")) found = true;
    else compiler.forEachChild(child, visit);
  };
  visit(node);
  return found;
}
