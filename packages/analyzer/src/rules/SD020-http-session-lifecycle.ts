import type { ProjectModel } from "../model/types.js";
import { createRule } from "./rule.js";
import { spanKey } from "./shared-facts.js";

type SessionStore = ProjectModel["httpSessions"][number];

export default createRule({
  meta: {
    id: "SD020",
    name: "http-session-lifecycle",
    category: "B",
    severity: "medium",
    title: "HTTP sessions are never closed or expired.",
    rationale:
      "A stateful Streamable HTTP server keeps one transport per session, usually in a map keyed by session id. Sessions that are not removed when they close, never expire when a client disappears, or are not closed at shutdown accumulate: memory and open SSE streams grow, and at shutdown http.Server.close() waits for those streams forever. Per-request (stateless) transports that are not closed when the response closes leak the same way.",
    remediation:
      "Remove a session from the map in the transport's onclose/onsessionclosed, expire idle sessions on an unref'd timer, and close every session transport at shutdown before closing the HTTP server. For stateless servers, close the transport and server in res.on('close').",
    messages: {
      statefulSessions: "Session transports kept here are never {missing}, so sessions pile up and keep streams open.",
      perRequestNotClosed: "This per-request transport is not closed when the response closes, so each request leaks a transport.",
    },
  },
  check({ model, report }) {
    if (!model.profiles.has("http")) {
      return { outcome: "not_applicable", reason: model.profiles.has("stdio") ? "stdio-only server" : "no HTTP transport found" };
    }
    const transports = model.opened.filter((resource) => resource.kind === "mcp-transport" && resource.traits.includes("http"));
    if (transports.length === 0) return { outcome: "not_applicable", reason: "no MCP Streamable HTTP or SSE transport found" };

    const transportAt = new Map(transports.map((transport) => [spanKey(transport.at), transport]));
    const stores = new Map<string, SessionStore>();
    for (const store of model.httpSessions) stores.set(spanKey(store.at), store);
    const unsure: string[] = [];
    let judgedStateful = 0;
    let judgedPerRequest = 0;
    let flagged = 0;

    for (const store of stores.values()) {
      // With no session map found, the model places the entry at the transport itself.
      const transport = transportAt.get(spanKey(store.at));
      if (transport?.scope === "module") continue;
      if (!store.stateful) {
        judgedPerRequest++;
        if (store.perRequestClosed) continue;
        flagged++;
        report({ messageId: "perRequestNotClosed", at: store.at, confidence: "medium" });
        continue;
      }
      if (transport) {
        unsure.push(
          `the stateful transport at ${store.at.file}:${store.at.line} is created per connection, but the analyzer found no session map to judge`,
        );
        continue;
      }
      judgedStateful++;
      const missing = [
        ...(store.removedOnClose ? [] : ["removed when their session closes"]),
        ...(store.idleExpiry ? [] : ["expired when idle"]),
        ...(store.closedAtShutdown ? [] : ["closed at shutdown"]),
      ];
      if (missing.length === 0) continue;
      flagged++;
      const list = missing.length > 1 ? `${missing.slice(0, -1).join(", ")} or ${missing[missing.length - 1]}` : (missing[0] as string);
      // The session facts come from matching the module's text, not from resolved calls.
      report({ messageId: "statefulSessions", data: { missing: list }, at: store.at, confidence: "medium" });
    }
    if (flagged > 0) return undefined;
    if (unsure.length > 0) return { outcome: "could_not_determine", reason: unsure.join("; ") };
    if (judgedStateful === 0 && judgedPerRequest === 0) {
      return { outcome: "not_applicable", reason: "one long-lived HTTP transport and no per-session transports" };
    }
    if (judgedStateful === 0) return { outcome: "pass", reason: "per-request transports are closed when their response closes" };
    return { outcome: "pass", reason: "sessions are removed on close, expired when idle and closed at shutdown" };
  },
});
