import type { ts } from "ts-morph";
import { skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import type { Resolver } from "./resolver.js";
import { safeText, spanOf } from "./source-span.js";
import { isTestFile } from "./test-file.js";
import type { SecretBinding, SourceSpan } from "./types.js";

/** Names that say a value is a credential (RULES.md, SD012). */
export const SECRET_NAME =
  /(api[_-]?key|apikey|token|secret|passw(or)?d|private[_-]?key|credential|client[_-]?secret|auth[_-]?key|access[_-]?key|bearer|session[_-]?key)/i;
const NOT_SECRET =
  /(max|count|limit|length|expir|ttl|url|uri|endpoint|path|file|header|name|type|kind|id$|ids$|regex|pattern|timeout|lifetime|duration|seconds|_ms$|schema|info$|label|prefix)/i;

/** Secrets kept in module-level or singleton state, and secrets written into process.env. */
export function findSecrets(resolver: Resolver): { secrets: SecretBinding[]; secretEnvWrites: SourceSpan[]; secretEnvReads: SourceSpan[] } {
  const secrets: SecretBinding[] = [];
  const secretEnvWrites: SourceSpan[] = [];
  const secretEnvReads: SourceSpan[] = [];
  for (const module of resolver.modules.values()) {
    if (isTestFile(module.file)) continue;
    for (const binding of module.topLevel.locals.values()) {
      if (binding.kind !== "value") continue;
      const values = [...(binding.init ? [binding.init] : []), ...binding.assigned];
      if (values.some(cannotHoldSecret)) continue;
      const envNames = values.flatMap(envReadNames);
      const fromEnv = envNames.length > 0;
      const isBuffer = values.some((value) => /Buffer\.(from|alloc)/.test(safeText(value)));
      const named = SECRET_NAME.test(binding.name) && !NOT_SECRET.test(binding.name);
      const envSecret = envNames.some((name) => SECRET_NAME.test(name) && !NOT_SECRET.test(name));
      if (!named && !envSecret) continue;
      if (values.length === 0 && !named) continue;
      secrets.push({
        binding: resolver.keyOfBinding(binding, module.topLevel),
        name: binding.name,
        at: spanOf(binding.node, module.sourceFile, module.file),
        source: fromEnv ? "env" : isBuffer ? "buffer" : "name",
        isBuffer,
      });
    }
    for (const cls of module.classes.values()) {
      for (const [field, values] of cls.fields) {
        if (!SECRET_NAME.test(field) || NOT_SECRET.test(field) || values.length === 0 || values.some(cannotHoldSecret)) continue;
        const first = values[0] as ts.Expression;
        if (first.pos < 0) continue;
        secrets.push({
          binding: `${cls.file}#${cls.name}.${field}`,
          name: `${cls.name}.${field}`,
          at: spanOf(first, module.sourceFile, module.file),
          source: values.some((value) => envReadNames(value).length > 0) ? "env" : "name",
          isBuffer: values.some((value) => /Buffer\.(from|alloc)/.test(safeText(value))),
        });
      }
    }
    for (const read of module.envReads) {
      if (SECRET_NAME.test(read.name) && !NOT_SECRET.test(read.name))
        secretEnvReads.push(spanOf(read.node, module.sourceFile, module.file));
    }
    for (const write of module.envWrites) {
      if (SECRET_NAME.test(write.name)) secretEnvWrites.push(spanOf(write.node, module.sourceFile, module.file));
    }
  }
  return { secrets, secretEnvWrites, secretEnvReads };
}

/** Values that are code or data shapes, not credentials: patterns, numbers, functions, collections. */
function cannotHoldSecret(value: ts.Expression): boolean {
  const body = skipParens(value);
  return (
    compiler.isRegularExpressionLiteral(body) ||
    compiler.isNumericLiteral(body) ||
    isNumericArithmetic(body) ||
    body.kind === compiler.SyntaxKind.TrueKeyword ||
    body.kind === compiler.SyntaxKind.FalseKeyword ||
    compiler.isArrowFunction(body) ||
    compiler.isFunctionExpression(body) ||
    compiler.isClassExpression(body) ||
    compiler.isArrayLiteralExpression(body) ||
    (compiler.isNewExpression(body) &&
      compiler.isIdentifier(body.expression) &&
      ["RegExp", "Map", "Set", "WeakMap"].includes(body.expression.text))
  );
}

/** `10 * 60 * 1000`: a number computed from numbers (a duration, a size) is not a credential. */
function isNumericArithmetic(body: ts.Expression): boolean {
  if (compiler.isNumericLiteral(body)) return true;
  if (!compiler.isBinaryExpression(body)) return false;
  const arithmetic = [
    compiler.SyntaxKind.AsteriskToken,
    compiler.SyntaxKind.PlusToken,
    compiler.SyntaxKind.MinusToken,
    compiler.SyntaxKind.SlashToken,
    compiler.SyntaxKind.AsteriskAsteriskToken,
  ];
  return (
    arithmetic.includes(body.operatorToken.kind) &&
    isNumericArithmetic(skipParens(body.left)) &&
    isNumericArithmetic(skipParens(body.right))
  );
}

/**
 * Environment variables a value is read from: `process.env.X`, with `??`/`||` fallbacks and
 * `String()`/`Buffer.from()` wrappers. A value that merely mentions process.env somewhere is not one.
 */
function envReadNames(value: ts.Expression): string[] {
  const body = skipParens(value);
  if (compiler.isPropertyAccessExpression(body) || compiler.isElementAccessExpression(body)) {
    const object = body.expression;
    const isEnv = compiler.isPropertyAccessExpression(object) && object.name.text === "env" && safeText(object.expression) === "process";
    if (!isEnv) return [];
    if (compiler.isPropertyAccessExpression(body)) return [body.name.text];
    return compiler.isStringLiteralLike(body.argumentExpression) ? [body.argumentExpression.text] : [];
  }
  if (
    compiler.isBinaryExpression(body) &&
    [compiler.SyntaxKind.QuestionQuestionToken, compiler.SyntaxKind.BarBarToken].includes(body.operatorToken.kind)
  ) {
    return [...envReadNames(body.left), ...envReadNames(body.right)];
  }
  if (compiler.isCallExpression(body) && body.arguments[0] && /^(String|Buffer\.from|Buffer\.alloc)$/.test(safeText(body.expression))) {
    return envReadNames(body.arguments[0]);
  }
  if (compiler.isNonNullExpression(body)) return envReadNames(body.expression);
  return [];
}
