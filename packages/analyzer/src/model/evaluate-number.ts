import { ts } from "ts-morph";
import { skipParens } from "./collect-module-facts.js";
import type { Ref, Resolver } from "./resolver.js";
import { safeText } from "./source-span.js";

export interface NumberValue {
  value: number;
  /** Read from configuration with this default (`Number(process.env.GRACE_MS ?? 5000)`). */
  fromConfig: boolean;
}

/** Evaluates a numeric expression the way a reader would: literals, constants, `10 * 1000`, env defaults. */
export function evaluateNumber(resolver: Resolver, ref: Ref, depth = 0): NumberValue | undefined {
  if (depth > 8 || !ts.isExpression(ref.expr)) return undefined;
  const expr = skipParens(ref.expr as ts.Expression);
  if (ts.isNumericLiteral(expr)) return { value: Number(expr.text.replace(/_/g, "")), fromConfig: false };
  if (ts.isStringLiteralLike(expr) && /^\d+(\.\d+)?$/.test(expr.text)) return { value: Number(expr.text), fromConfig: false };
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.PlusToken) return evaluateNumber(resolver, { ...ref, expr: expr.operand }, depth + 1);
  if (ts.isIdentifier(expr)) {
    const found = resolver.lookup(expr.text, ref.fn);
    if (found && "binding" in found) {
      const bound = found.binding.kind === "parameter" ? ref.env.get(found.binding) : undefined;
      if (bound) return evaluateNumber(resolver, bound, depth + 1);
      if (found.binding.init) return evaluateNumber(resolver, { expr: found.binding.init, fn: found.owner, env: ref.env }, depth + 1);
    }
    if (found && "import" in found) {
      for (const terminal of resolver.resolveExport(resolver.resolveModule(found.module.file, found.import.specifier) ?? "", found.import.imported)) {
        if (terminal.kind === "expression") return evaluateNumber(resolver, { expr: terminal.expr, fn: terminal.fn, env: terminal.env }, depth + 1);
      }
    }
    return undefined;
  }
  if (ts.isBinaryExpression(expr)) {
    const operator = expr.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      const fallback = evaluateNumber(resolver, { ...ref, expr: expr.right }, depth + 1);
      if (fallback && readsEnv(expr.left)) return { value: fallback.value, fromConfig: true };
      return evaluateNumber(resolver, { ...ref, expr: expr.left }, depth + 1) ?? (fallback && { ...fallback, fromConfig: true });
    }
    const left = evaluateNumber(resolver, { ...ref, expr: expr.left }, depth + 1);
    const right = evaluateNumber(resolver, { ...ref, expr: expr.right }, depth + 1);
    if (!left || !right) return undefined;
    const fromConfig = left.fromConfig || right.fromConfig;
    switch (operator) {
      case ts.SyntaxKind.AsteriskToken:
        return { value: left.value * right.value, fromConfig };
      case ts.SyntaxKind.PlusToken:
        return { value: left.value + right.value, fromConfig };
      case ts.SyntaxKind.MinusToken:
        return { value: left.value - right.value, fromConfig };
      case ts.SyntaxKind.SlashToken:
        return right.value === 0 ? undefined : { value: left.value / right.value, fromConfig };
      default:
        return undefined;
    }
  }
  if (ts.isConditionalExpression(expr)) {
    const fallback = evaluateNumber(resolver, { ...ref, expr: expr.whenFalse }, depth + 1);
    return fallback && readsEnv(expr.condition) ? { value: fallback.value, fromConfig: true } : undefined;
  }
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && ["Number", "parseInt", "parseFloat"].includes(expr.expression.text)) {
    const first = expr.arguments[0];
    return first ? evaluateNumber(resolver, { ...ref, expr: first }, depth + 1) : undefined;
  }
  return undefined;
}

function readsEnv(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(child) && safeText(child).startsWith("process.env")) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}
