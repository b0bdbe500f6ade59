import { ts } from "ts-morph";
import { spanOf } from "../model/source-span.js";
import type { OpenedResource, PathStep, ProjectModel, SourceSpan, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { isOpaque, spanKey } from "./shared-facts.js";

const SHUTDOWN_KINDS = new Set<Trigger["kind"]>(["signal", "stdin-eof", "onclose", "crash", "library", "watchdog"]);

export default createRule({
  meta: {
    id: "SD004",
    name: "http-listener-not-closed",
    category: "B",
    severity: "high",
    title: "The listening HTTP server is never closed on shutdown.",
    rationale:
      "A listener that is never closed keeps accepting requests while the database and clients behind them are torn down. `http.Server.close()` waits for open connections forever, and MCP SSE streams never end on their own unless their transports are closed or the connections are cut at a deadline.",
    remediation:
      "On shutdown: stop intake (`httpServer.close()`), close every MCP session transport, then call `httpServer.closeAllConnections()` at a deadline; or use @godaddy/terminus, http-terminator or Fastify `app.close()`.",
    messages: {
      listenerOpen:
        "The {server} listening here is never closed on the shutdown path of {entry}: it keeps accepting requests while the rest of the process is torn down.",
      noShutdown: "The {server} listening here is never closed: entry point {entry} has no shutdown path at all.",
      sessionsOpen:
        "MCP session transports stored here are never closed on shutdown and nothing cuts open connections at a deadline: their SSE streams keep `server.close()` waiting until the platform kills the process.",
    },
  },
  check({ model, report }) {
    const httpEntries = model.entryPoints.filter((entry) => entry.profiles.includes("http") && !entry.serverless);
    if (httpEntries.length === 0) {
      if (model.entryPoints.some((entry) => entry.profiles.includes("http"))) {
        return { outcome: "not_applicable", reason: "serverless or edge handlers: the platform owns the listener" };
      }
      return { outcome: "not_applicable", reason: model.profiles.has("stdio") ? "stdio-only server" : "no HTTP listener" };
    }
    const cannotTell: string[] = [];
    const reported = new Set<string>();
    let servers = 0;
    let sessionFindings = 0;
    for (const entry of httpEntries) {
      const closure = new Set(entry.closure);
      const triggers = model.triggers.filter((trigger) => SHUTDOWN_KINDS.has(trigger.kind) && closure.has(trigger.at.file));
      const steps = triggers.flatMap((trigger) => trigger.path?.steps ?? []);
      const opaque = triggers.find(isOpaque);
      const uncertain = triggers.some((trigger) => (trigger.path?.unresolved.length ?? 0) > 0);
      const closesWith = (method: string) => steps.some((step) => step.action.type === "close" && step.action.method === method);
      // terminus closes the server it is given and destroys what is left at its timeout; http-terminator and stoppable wrap it.
      const byLibrary =
        triggers.some((trigger) => trigger.library === "@godaddy/terminus") ||
        (model.shutdownLibraries.has("http-terminator") && closesWith("terminate")) ||
        (model.shutdownLibraries.has("stoppable") && closesWith("stop"));
      const forced = byLibrary || closesWith("closeAllConnections");

      for (const server of model.opened.filter(
        (resource) => resource.kind === "http-server" && resource.scope !== "request" && closure.has(resource.at.file),
      )) {
        servers++;
        if (byLibrary || isClosed(server, steps)) continue;
        const at = listenSpan(model, server);
        if (reported.has(spanKey(at))) continue;
        if (opaque) {
          cannotTell.push(
            `the shutdown handler at ${opaque.at.file}:${opaque.at.line} could not be followed, so whether it closes the ${server.description} is unknown`,
          );
          continue;
        }
        reported.add(spanKey(at));
        const data = { server: server.description, entry: entry.file };
        if (triggers.length === 0) report({ messageId: "noShutdown", data, at, confidence: "high" });
        else report({ messageId: "listenerOpen", data, at, confidence: uncertain || !server.binding ? "medium" : "high" });
      }
      if (forced) continue;
      for (const session of model.httpSessions) {
        if (!session.stateful || session.closedAtShutdown || !closure.has(session.at.file) || reported.has(spanKey(session.at))) continue;
        reported.add(spanKey(session.at));
        sessionFindings++;
        report({ messageId: "sessionsOpen", at: session.at, confidence: "medium" });
      }
    }
    if (cannotTell.length > 0) return { outcome: "could_not_determine", reason: cannotTell.join("; ") };
    if (servers === 0 && sessionFindings === 0) {
      return {
        outcome: "could_not_determine",
        reason: "no listening server the analyzer can follow (created by a framework it does not model)",
      };
    }
    return undefined;
  },
});

/** A close step on the server itself: the same opened handle, or the same variable or field. */
function isClosed(server: OpenedResource, steps: PathStep[]): boolean {
  return steps.some((step) => {
    if (step.action.type !== "close" || !server.closeMethods.includes(step.action.method)) return false;
    const closed = step.action.resource;
    return closed !== undefined && (closed.id === server.id || (server.binding !== undefined && closed.binding === server.binding));
  });
}

/**
 * The `listen(…)` call of a server created by `http.createServer()` and kept in a variable or field
 * (`server.listen(3000)`, `this.server.listen(…)`), searched in the module that created it;
 * `app.listen()` servers are their own listen call.
 */
function listenSpan(model: ProjectModel, server: OpenedResource): SourceSpan {
  const sourceFile = model.modules.get(server.at.file)?.sourceFile;
  const name = server.binding?.split(/[#.]/).pop();
  if (!sourceFile || !name || /\.listen\(/.test(server.at.excerpt)) return server.at;
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "listen") {
      const receiver = node.expression.expression;
      const receiverName = ts.isIdentifier(receiver)
        ? receiver.text
        : ts.isPropertyAccessExpression(receiver)
          ? receiver.name.text
          : undefined;
      if (receiverName === name) {
        found = node;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found ? spanOf(found, sourceFile, server.at.file) : server.at;
}
