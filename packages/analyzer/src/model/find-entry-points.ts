import path from "node:path";
import type { ts } from "ts-morph";
import { compiler } from "./compiler.js";
import type { FunctionFacts } from "./module-facts.js";
import type { Resolver } from "./resolver.js";
import { isTestFile } from "./test-file.js";
import type { EntryPoint, ModuleSummary, OpenedResource, Profile } from "./types.js";

export interface PackageManifest {
  /** Repository-relative directory of the package.json ("" for the root). */
  dir: string;
  json: { bin?: string | Record<string, string>; main?: string; exports?: unknown; scripts?: Record<string, string> };
}

const MAX_LOAD_DEPTH = 6;
const SERVERLESS = new Set(["mcp-handler", "@vercel/mcp-adapter", "agents/mcp", "@cloudflare/workers-types"]);
const STDIO_SPECIFIER = /@modelcontextprotocol\/(sdk\/server\/stdio|server)|fastmcp|mcp-framework/;

/**
 * Entry points (RULES.md, Terms): modules that connect an MCP server to a transport or listen, and
 * files named by package.json `bin`/`main`/`scripts.start`; judged through their import closure.
 */
export function findEntryPoints(
  resolver: Resolver,
  modules: Map<string, ModuleSummary>,
  opened: OpenedResource[],
  packages: PackageManifest[],
): EntryPoint[] {
  const activity = new Map<string, string[]>();
  const note = (file: string, reason: string) => {
    const reasons = activity.get(file) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    activity.set(file, reasons);
  };
  for (const module of resolver.modules.values()) {
    if (isTestFile(module.file)) continue;
    for (const fn of module.functions) {
      // A helper that would listen or connect if someone called it is not an entry point by itself.
      const runs = () => isExecutedAtLoad(resolver, fn, 0, new Set());
      for (const call of fn.calls) {
        const chain = call.chain;
        const method = chain?.[chain.length - 1];
        if (method !== "connect" && method !== "serveStdio" && method !== "startStdioServer" && method !== "listen") continue;
        if (!runs()) continue;
        if (method === "connect" && chain && chain.length >= 2 && (call.node.arguments?.length ?? 0) >= 1) {
          const receiver = resolver.originOf({ expr: call.node.expression, fn, env: new Map() });
          if (receiver?.module.includes("modelcontextprotocol") || /server/i.test(chain[chain.length - 2] ?? ""))
            note(module.file, "connects an MCP server to a transport");
        }
        if (method === "serveStdio" || method === "startStdioServer") note(module.file, "serves MCP over stdio");
        if (method === "listen" && chain && chain.length >= 2) note(module.file, "listens for HTTP connections");
      }
    }
  }
  for (const resource of opened) {
    if (
      resource.kind === "http-server" &&
      !isTestFile(resource.at.file) &&
      resource.scope === "module" &&
      /listen|serve/.test(resource.at.excerpt)
    ) {
      note(resource.at.file, "listens for HTTP connections");
    }
  }

  const declared = new Map<string, string>();
  for (const manifest of packages) {
    for (const [file, reason] of manifestEntries(manifest)) {
      const resolved = sourceFor(file, modules);
      if (resolved && !declared.has(resolved)) declared.set(resolved, reason);
    }
  }

  const closures = new Map<string, string[]>();
  const closureOf = (file: string): string[] => {
    const cached = closures.get(file);
    if (cached) return cached;
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      for (const next of modules.get(current)?.localImports ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    const closure = [...seen].sort();
    closures.set(file, closure);
    return closure;
  };

  const candidates = new Map<string, string[]>();
  for (const [file, reason] of declared) {
    const closure = closureOf(file);
    const reasons = closure.flatMap((member) => activity.get(member) ?? []);
    if (reasons.length > 0) candidates.set(file, [reason, ...new Set(reasons)]);
  }
  const covered = new Set([...candidates.keys()].flatMap((file) => closureOf(file)));
  const importers = new Map<string, string[]>();
  for (const module of modules.values()) {
    if (isTestFile(module.file)) continue;
    for (const target of module.localImports) importers.set(target, [...(importers.get(target) ?? []), module.file]);
  }
  for (const [file, reasons] of activity) {
    if (covered.has(file)) continue;
    for (const root of rootsOf(file, importers)) {
      if (covered.has(root) && root !== file) continue;
      const existing = candidates.get(root) ?? [];
      candidates.set(root, [...new Set([...existing, ...reasons])]);
    }
  }

  return [...candidates.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, reasons]) => {
      const closure = closureOf(file);
      return {
        file,
        reasons,
        closure,
        profiles: profilesOf(closure, modules, opened),
        serverless: closure.some((member) => modules.get(member)?.packageImports.some((specifier) => SERVERLESS.has(specifier))),
      };
    });
}

/**
 * Whether a function runs when the program starts: the module body, a callback or IIFE of code
 * that runs, or a function called from code that runs (outside tests).
 */
function isExecutedAtLoad(resolver: Resolver, fn: FunctionFacts, depth: number, seen: Set<FunctionFacts>): boolean {
  if (isTestFile(fn.file)) return false;
  if (!fn.parent) return true;
  if (depth > MAX_LOAD_DEPTH || seen.has(fn)) return false;
  seen.add(fn);
  let node: ts.Node = fn.node;
  while (node.parent && compiler.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  const isCallback =
    !!parent &&
    (compiler.isCallExpression(parent) || compiler.isNewExpression(parent)) &&
    (parent.expression === node || (parent.arguments ?? []).some((arg: ts.Expression) => arg === node));
  if (isCallback) return isExecutedAtLoad(resolver, fn.parent, depth + 1, seen);
  return resolver.callSitesOf(fn).some((site) => isExecutedAtLoad(resolver, site.owner, depth + 1, seen));
}

function rootsOf(file: string, importers: Map<string, string[]>): string[] {
  const roots = new Set<string>();
  const seen = new Set<string>([file]);
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    const parents = (importers.get(current) ?? []).filter((parent) => !seen.has(parent));
    if ((importers.get(current) ?? []).length === 0) roots.add(current);
    for (const parent of parents) {
      seen.add(parent);
      queue.push(parent);
    }
  }
  return roots.size > 0 ? [...roots] : [file];
}

function profilesOf(closure: string[], modules: Map<string, ModuleSummary>, opened: OpenedResource[]): Profile[] {
  const members = new Set(closure);
  const profiles = new Set<Profile>();
  for (const resource of opened) {
    if (!members.has(resource.at.file)) continue;
    if (resource.traits.includes("stdio")) profiles.add("stdio");
    if (resource.kind === "http-server" || resource.traits.includes("http")) profiles.add("http");
  }
  for (const member of closure) {
    const module = modules.get(member);
    if (module?.packageImports.some((specifier) => /sdk\/server\/stdio/.test(specifier))) profiles.add("stdio");
    if (module?.packageImports.some((specifier) => /sdk\/server\/(streamableHttp|sse)/.test(specifier))) profiles.add("http");
    if (
      !profiles.has("stdio") &&
      module?.packageImports.some((specifier) => STDIO_SPECIFIER.test(specifier)) &&
      /serveStdio|StdioServerTransport/.test(module.sourceFile.text)
    )
      profiles.add("stdio");
  }
  return [...profiles].sort();
}

function manifestEntries(manifest: PackageManifest): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  const join = (file: string) => path.posix.normalize(path.posix.join(manifest.dir, file));
  const { bin, main, scripts } = manifest.json;
  if (typeof bin === "string") entries.push([join(bin), "package.json bin"]);
  else if (bin && typeof bin === "object")
    for (const value of Object.values(bin)) if (typeof value === "string") entries.push([join(value), "package.json bin"]);
  if (typeof main === "string") entries.push([join(main), "package.json main"]);
  const start = scripts?.start;
  const script = typeof start === "string" ? /(?:node|tsx|ts-node|bun)\s+(?:--\S+\s+)*([^\s&|;]+\.[cm]?[jt]sx?)/.exec(start) : null;
  if (script?.[1]) entries.push([join(script[1]), "package.json scripts.start"]);
  return entries;
}

/** `dist/index.js` → `src/index.ts` when the built file is not in the tree. */
function sourceFor(file: string, modules: Map<string, ModuleSummary>): string | undefined {
  const clean = file.replace(/^\.\//, "");
  if (modules.has(clean)) return clean;
  const stem = clean.replace(/\.[cm]?[jt]sx?$/, "");
  const variants = [stem, stem.replace(/(^|\/)(dist|build|lib|out)\//, "$1src/"), stem.replace(/(^|\/)(dist|build|lib|out)\//, "$1")];
  for (const variant of variants) {
    for (const extension of [".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs"]) {
      if (modules.has(variant + extension)) return variant + extension;
    }
  }
  return undefined;
}
