import type { ToolHandler } from "../model/types.js";
import type { Confidence } from "../report.js";
import { createRule } from "./rule.js";

type Cancellable = ToolHandler["cancellable"][number];

/**
 * How sure the model is that a call really is the kind of work it says: subprocesses are matched
 * by import origin and network calls by well-known callees, browser calls by the receiver's name
 * (`page.goto`) and database calls by the method name alone.
 */
function confidenceOf(call: Cancellable): Confidence {
  if (call.what.startsWith("browser")) return "medium";
  if (call.what.startsWith("database")) return "low";
  return "high";
}

function handlerName(handler: ToolHandler): string {
  return handler.name ? `"${handler.name}"` : `registered with ${handler.registration}()`;
}

export default createRule({
  meta: {
    id: "SD007",
    name: "tool-ignores-cancellation",
    category: "C",
    severity: "medium",
    title: "A tool handler ignores its cancellation signal.",
    rationale:
      "When a client cancels a request or the server closes, the MCP SDK aborts the handler's signal (extra.signal in SDK v1, ctx.mcpReq.signal in v2) but does not stop the handler. Work that never looks at the signal keeps running: fetches, subprocesses and browser pages outlive the request, hold connections and delay or outlast shutdown.",
    remediation:
      "Pass the handler's signal to every cancellable call (fetch(url, { signal }), spawn(cmd, args, { signal }), page.goto(url, { signal }) or a helper that takes it), check signal.aborted in loops, and kill child processes when the signal aborts.",
    messages: {
      neverUsed:
        "Handler {handler} never uses its cancellation signal, so {what} at {whatAt} keeps running after the client cancels or the server shuts down{more}.",
    },
  },
  check({ model, report }) {
    if (model.toolHandlers.length === 0) {
      return { outcome: "not_applicable", reason: "no MCP tool, resource or prompt handlers found" };
    }
    const working = model.toolHandlers.filter((handler) => handler.cancellable.length > 0);
    if (working.length === 0) {
      return { outcome: "pass", reason: "no handler makes a cancellable call (network, subprocess, browser, database)" };
    }
    const unfollowed: string[] = [];
    for (const handler of working) {
      const missed = handler.cancellable.filter((call) => !call.receivesSignal);
      if (missed.length === 0) continue;
      if (handler.usesSignal) {
        // The handler reads its signal; it may reach these calls through a derived signal
        // (AbortSignal.any, a controller aborted from an abort listener) the model does not follow.
        const first = missed[0] as Cancellable;
        unfollowed.push(
          `handler ${handlerName(handler)} reads its signal, but the analyzer cannot tell whether it reaches ${first.what} at ${first.at.file}:${first.at.line}`,
        );
        continue;
      }
      const flagged = missed.find((call) => call.unboundedIo) ?? (missed[0] as Cancellable);
      const others = missed.length - 1;
      report({
        messageId: "neverUsed",
        data: {
          handler: handlerName(handler),
          what: flagged.what,
          whatAt: `${flagged.at.file}:${flagged.at.line}`,
          more: others === 0 ? "" : ` (and ${others} more cancellable call${others === 1 ? "" : "s"})`,
        },
        at: handler.at,
        severity: missed.some((call) => call.unboundedIo) ? "high" : "medium",
        confidence: confidenceOf(flagged),
      });
    }
    if (unfollowed.length > 0) return { outcome: "could_not_determine", reason: unfollowed.join("; ") };
    return undefined;
  },
});
