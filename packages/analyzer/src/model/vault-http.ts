import type { ts } from "ts-morph";
import { skipParens } from "./collect-module-facts.js";
import { compiler } from "./compiler.js";
import type { CallFact, FunctionFacts } from "./module-facts.js";
import type { Env, Ref, Resolver } from "./resolver.js";

/**
 * What a raw HTTP call to Vault's API does (RULES.md, SD013: "raw `/v1/...` calls"): log in
 * (`/v1/auth/<method>/login`), lease dynamic credentials (`/v1/<mount>/creds/<role>`, `…/sts/…`),
 * lease a certificate (`/v1/pki…/issue/<role>`), or revoke (`/v1/sys/leases/revoke`,
 * `/v1/sys/leases/revoke-prefix/…`, `/v1/auth/token/revoke-self`).
 */
export interface VaultHttpCall {
  what: "login" | "dynamic-creds" | "certificate" | "revoke";
  /** The API path as far as it can be read, from `/v1/`; unknown parts shown as `${…}`. */
  path: string;
  /** The HTTP client: `fetch`, `axios`, `got`, `undici`, `node-fetch`, `ky`. */
  client: string;
}

const HTTP_MODULES = new Set(["axios", "got", "undici", "node-fetch", "ky"]);
const HTTP_METHODS = new Set(["fetch", "request", "get", "post", "put", "patch", "delete", "head"]);
/** Stands for a part of the URL the analyzer cannot read (an address from the environment, say). */
const UNKNOWN = "\u0000";
const MAX_DEPTH = 8;

const PATTERNS: Array<[VaultHttpCall["what"], RegExp]> = [
  ["revoke", /^\/v1\/(sys\/leases\/revoke(-prefix)?|auth\/token\/revoke-self)(\/|\?|$)/],
  ["login", /^\/v1\/auth\/[^/?]+\/login(\/|\?|$)/],
  ["dynamic-creds", /^\/v1\/[^?]+\/(creds|sts)\//],
  ["certificate", /^\/v1\/pki[^/?]*\/issue\//],
];

/**
 * Reads a call as a Vault API request when its client is an HTTP library (by import origin) and
 * its URL can be read as far as the `/v1/…` path; anything else, an unreadable URL included, is
 * not taken for Vault usage.
 */
export function vaultHttpCall(resolver: Resolver, call: CallFact, fn: FunctionFacts, env: Env): VaultHttpCall | undefined {
  const chain = call.chain;
  const last = chain?.[chain.length - 1];
  // Cheap filter first: a one-name call (`fetch(…)`, `axios(…)`, `got(…)`) or an HTTP method name.
  if (!chain || !last) return undefined;
  if (chain.length > 1 ? !HTTP_METHODS.has(last) : last !== "fetch" && !resolver.moduleOf(fn).imports.has(last)) return undefined;
  const first = call.node.arguments?.[0];
  // A literal that names no `/v1/` path (`app.get("/health", …)`) needs no resolution.
  if (!first || (compiler.isStringLiteralLike(skipParens(first)) && !(skipParens(first) as ts.StringLiteralLike).text.includes("/v1/")))
    return undefined;
  const origin = resolver.originOf({ expr: call.node.expression, fn, env });
  if (!origin) return undefined;
  const isFetch = origin.module === "global" && origin.path.length === 1 && origin.path[0] === "fetch";
  const isLibrary = HTTP_MODULES.has(origin.module) && (origin.path.length === 0 || HTTP_METHODS.has(origin.path.at(-1) ?? ""));
  if (!isFetch && !isLibrary) return undefined;
  // `axios({ url })`, `axios.request({ url })`, `got({ url })`: the URL is the config's `url`.
  const written = skipParens(first);
  const urlExpr = compiler.isObjectLiteralExpression(written) ? objectUrl(written) : first;
  const url = urlExpr ? urlText(resolver, { expr: urlExpr, fn, env }, 0) : undefined;
  const start = url?.indexOf("/v1/") ?? -1;
  if (!url || start < 0) return undefined;
  const path = url.slice(start);
  const match = PATTERNS.find(([, pattern]) => pattern.test(path));
  if (!match) return undefined;
  return { what: match[0], path: path.replaceAll(UNKNOWN, `\${…}`), client: isFetch ? "fetch" : origin.module };
}

function objectUrl(config: ts.ObjectLiteralExpression): ts.Expression | undefined {
  for (const property of config.properties) {
    if (!property.name || !compiler.isIdentifier(property.name) || property.name.text !== "url") continue;
    if (compiler.isPropertyAssignment(property)) return property.initializer;
    if (compiler.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

/** The text of a URL expression, UNKNOWN for each part that cannot be read; undefined when none can. */
function urlText(resolver: Resolver, ref: Ref, depth: number): string | undefined {
  if (depth > MAX_DEPTH || !compiler.isExpression(ref.expr as ts.Node)) return undefined;
  const expr = skipParens(ref.expr as ts.Expression);
  const part = (inner: ts.Expression): string => urlText(resolver, { ...ref, expr: inner }, depth + 1) ?? UNKNOWN;
  if (compiler.isStringLiteralLike(expr)) return expr.text;
  if (compiler.isTemplateExpression(expr)) {
    return expr.head.text + expr.templateSpans.map((span) => part(span.expression) + span.literal.text).join("");
  }
  if (compiler.isBinaryExpression(expr) && expr.operatorToken.kind === compiler.SyntaxKind.PlusToken) {
    const text = part(expr.left) + part(expr.right);
    return text.replaceAll(UNKNOWN, "") === "" ? undefined : text;
  }
  // `new URL("/v1/…", base)` / `new URL(`${base}/v1/…`)`: the path is in the first argument.
  if (compiler.isNewExpression(expr) && compiler.isIdentifier(expr.expression) && expr.expression.text === "URL") {
    const input = expr.arguments?.[0];
    return input ? urlText(resolver, { ...ref, expr: input }, depth + 1) : undefined;
  }
  if (compiler.isIdentifier(expr)) {
    // A constant is read where it is written (`const url = new URL("/v1/…", addr)`).
    const found = resolver.lookup(expr.text, ref.fn);
    if (found && "binding" in found && found.binding.kind === "value" && found.binding.init && found.binding.assigned.length === 0) {
      return urlText(resolver, { expr: found.binding.init, fn: found.owner, env: ref.env }, depth + 1);
    }
  }
  if (compiler.isIdentifier(expr) || compiler.isPropertyAccessExpression(expr)) {
    const values = resolver.terminals({ ...ref, expr }).flatMap((terminal) => (terminal.kind === "expression" ? [terminal] : []));
    const value = values.length === 1 ? values[0] : undefined;
    if (!value || value.expr === expr) return undefined;
    return urlText(resolver, { expr: value.expr, fn: value.fn, env: value.env }, depth + 1);
  }
  return undefined;
}
