import type { Resolver } from "./resolver.js";
import { spanOf } from "./source-span.js";
import type { OpenedResource, ProjectModel, Trigger } from "./types.js";

/**
 * Streamable HTTP session bookkeeping (RULES.md, SD020): where transports are stored per session,
 * whether a session is removed when it closes, expired when idle, and closed at shutdown.
 */
export function findHttpSessions(resolver: Resolver, opened: OpenedResource[], triggers: Trigger[]): ProjectModel["httpSessions"] {
  const sessions: ProjectModel["httpSessions"] = [];
  const httpTransports = opened.filter((resource) => resource.kind === "mcp-transport" && resource.traits.includes("http"));
  if (httpTransports.length === 0) return sessions;
  const shutdownCloses = triggers.flatMap((trigger) => trigger.path?.steps ?? []).filter((step) => step.action.type === "close");
  for (const transport of httpTransports) {
    const module = resolver.modules.get(transport.at.file);
    if (!module) continue;
    const stateless = transport.traits.includes("stateless");
    const text = module.sourceFile.text;
    const store = /(\w+)\s*\[\s*[\w.]*[sS]ession[iI]d\s*\]\s*=\s*\w+|(\w+)\.set\(\s*[\w.]*[sS]ession[iI]d\s*,/.exec(text);
    const storeName = store?.[1] ?? store?.[2];
    const removedOnClose = !!storeName && new RegExp(`delete\\s+${storeName}\\s*\\[|${storeName}\\.delete\\(`).test(text);
    const idleExpiry = /idle|lastActivity|lastSeen|expire/i.test(text) && /setInterval|setTimeout/.test(text);
    const closedAtShutdown = !!storeName && shutdownCloses.some((step) => step.action.type === "close" && (step.action.receiver.includes(storeName) || new RegExp(`${storeName}`).test(step.at.excerpt) || /transport/i.test(step.action.receiver)));
    // The response object goes by many names: `res`, `reply.raw` (Fastify), `c.env.outgoing` (Hono).
    const perRequestClosed = /\.on\(\s*["']close["'][\s\S]{0,200}?\.close\(\)/.test(text);
    const at = module.sourceFile && transport.at;
    // The map's declaration is where a reader looks for its lifecycle; the first store is the fallback.
    const declaration = storeName ? module.topLevel.locals.get(storeName)?.node : undefined;
    sessions.push({
      at: declaration ? spanOf(declaration, module.sourceFile, module.file) : storeName ? (spanAtText(resolver, transport.at.file, store?.index ?? 0) ?? at) : at,
      stateful: !stateless,
      removedOnClose,
      idleExpiry,
      closedAtShutdown,
      perRequestClosed,
    });
  }
  return sessions;
}

function spanAtText(resolver: Resolver, file: string, position: number) {
  const module = resolver.modules.get(file);
  if (!module) return undefined;
  let found: import("ts-morph").ts.Node | undefined;
  const visit = (node: import("ts-morph").ts.Node): void => {
    if (node.getStart(module.sourceFile) <= position && position < node.end) {
      found = node;
      node.forEachChild(visit);
    }
  };
  module.sourceFile.forEachChild(visit);
  return found ? spanOf(found, module.sourceFile, file) : undefined;
}
