import type { OpenedResource, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { compareSpans, entryPointSpan, isLiveHandle, spanKey } from "./shared-facts.js";

/** Triggers that install a process signal listener: the app's own, or an accepted library's. */
const SIGNAL_TRIGGER_KINDS = new Set<Trigger["kind"]>(["signal", "library"]);

export default createRule({
  meta: {
    id: "SD001",
    name: "no-termination-signal-handler",
    category: "A",
    severity: "high",
    title: "An entry point has no SIGTERM listener.",
    rationale:
      "Docker, Kubernetes, systemd and MCP clients stop a server with SIGTERM. With no listener Node dies on the spot and none of the cleanup runs; as PID 1 in a container the signal is ignored until SIGKILL. SIGINT (Ctrl+C, dev tools) should reach the same routine.",
    remediation:
      'Write one shutdown routine and register it for both SIGTERM and SIGINT in the entry module or a module it imports (`for (const s of ["SIGTERM", "SIGINT"]) process.once(s, () => void shutdown(s))`), or use close-with-grace, @godaddy/terminus with `signals`, or NestJS `enableShutdownHooks()`.',
    messages: {
      noSigterm:
        "Entry point {entry} has no SIGTERM listener in its imports: `docker stop`, Kubernetes and MCP clients end it without running any cleanup.",
      sigtermMissing:
        "This shutdown routine listens for {events} but not SIGTERM in entry point {entry}: `docker stop`, Kubernetes and systemd send SIGTERM, which ends the process without it.",
      noSigint:
        "SIGTERM is handled here, but SIGINT does not reach a shutdown routine in entry point {entry}: Ctrl+C and some process managers end it without cleanup.",
    },
  },
  check({ model, report }) {
    if (model.entryPoints.length === 0) return { outcome: "not_applicable", reason: "no MCP server entry point found" };
    const processEntries = model.entryPoints.filter((entry) => !entry.serverless);
    if (processEntries.length === 0) {
      return { outcome: "not_applicable", reason: "serverless or edge handlers own no process: the platform handles signals" };
    }
    const reported = new Set<string>();
    const cannotTell: string[] = [];
    let nothingToCleanUp = 0;
    for (const entry of processEntries) {
      const closure = new Set(entry.closure);
      // fact 5: with nothing to release or flush, Node's default exit on SIGTERM is the right behaviour.
      if (!model.opened.some((resource) => closure.has(resource.at.file) && needsCleanup(resource))) {
        nothingToCleanUp++;
        continue;
      }
      const listeners = model.triggers
        .filter((trigger) => SIGNAL_TRIGGER_KINDS.has(trigger.kind) && closure.has(trigger.at.file))
        .sort((a, b) => compareSpans(a.at, b.at));
      const sigterm = listeners.find((trigger) => trigger.events.includes("SIGTERM"));
      const sigint = listeners.find((trigger) => trigger.events.includes("SIGINT"));
      const first = listeners[0];
      if (sigterm && sigint) continue;
      const opaque = model.unresolvedListeners.find((listener) => closure.has(listener.file));
      if (!sigterm && opaque) {
        cannotTell.push(
          `${entry.file}: the process listener at ${opaque.file}:${opaque.line} registers an event the analyzer cannot evaluate`,
        );
        continue;
      }
      const at = sigterm ?? first;
      const key = at ? spanKey(at.at) : entry.file;
      if (reported.has(key)) continue;
      reported.add(key);
      if (sigterm) {
        report({ messageId: "noSigint", data: { entry: entry.file }, at: sigterm.at, severity: "low", confidence: "high" });
      } else if (first) {
        report({
          messageId: "sigtermMissing",
          data: { entry: entry.file, events: first.events.join(", ") },
          at: first.at,
          confidence: "high",
        });
      } else {
        report({ messageId: "noSigterm", data: { entry: entry.file }, at: entryPointSpan(model, entry), confidence: "high" });
      }
    }
    if (nothingToCleanUp === processEntries.length) {
      return { outcome: "pass", reason: "nothing to clean up: Node's default exit on SIGTERM is correct" };
    }
    if (reported.size === 0 && cannotTell.length > 0) return { outcome: "could_not_determine", reason: cannotTell.join("; ") };
    return undefined;
  },
});

/** A handle that keeps the process alive, or buffered data and leases that a sudden exit loses. */
function needsCleanup(resource: OpenedResource): boolean {
  if (isLiveHandle(resource)) return true;
  if (resource.scope === "request" || resource.closedLocally) return false;
  return (
    resource.kind === "telemetry" || resource.kind === "vault" || (resource.kind === "logger" && resource.traits.includes("async-log"))
  );
}
