import type { PathStep, ResourceKind, Trigger } from "../model/types.js";
import { createRule } from "./rule.js";
import { spanKey } from "./shared-facts.js";

/**
 * Paths that start while requests may still arrive. On stdin EOF and `onclose` the transport has
 * already stopped delivering requests; crash handlers are judged by SD014.
 */
const INTAKE_OPEN_KINDS = new Set<Trigger["kind"]>(["signal", "library"]);
/** Closing these stops requests from arriving. */
const INTAKE_KINDS = new Set<ResourceKind>(["http-server", "mcp-server", "mcp-transport"]);
/** What request handlers use: releasing it first makes in-flight and new requests fail. */
const BACKEND_KINDS = new Set<ResourceKind>(["database", "redis", "browser", "child-process", "websocket", "worker-thread"]);

export default createRule({
  meta: {
    id: "SD008",
    name: "intake-not-stopped-before-drain",
    category: "B",
    severity: "medium",
    title: "Resources are released before intake stops.",
    rationale:
      "If the database, cache or browser is closed while the server still accepts requests, requests that arrive during shutdown reach handlers whose dependencies are gone: clients see errors or half-done operations instead of a clean refusal.",
    remediation:
      "Order the shutdown: stop intake first (close the listener or MCP transport, or set a shutting-down flag that refuses new requests), then drain in-flight work, then release databases, caches and browsers, then flush logs and exit.",
    messages: {
      releasedFirst:
        "`{release}` releases the {resource} while the server still takes requests: nothing on this shutdown path stops intake before it.",
    },
  },
  check({ model, report }) {
    const triggers = model.triggers.filter((trigger) => INTAKE_OPEN_KINDS.has(trigger.kind));
    if (triggers.length === 0) return { outcome: "not_applicable", reason: "no signal or library shutdown path found" };
    let releases = 0;
    const reported = new Set<string>();
    const cannotTell: string[] = [];
    for (const trigger of triggers) {
      const path = trigger.path;
      if (!path) {
        cannotTell.push(`the ${trigger.events.join("/")} handler at ${trigger.at.file}:${trigger.at.line} could not be resolved`);
        continue;
      }
      // The main order only: a timer's callback runs later, a rejection handler instead of what follows it.
      const steps = path.steps.filter((step) => !step.deferred && !step.alternative);
      const firstRelease = steps.findIndex(isBackendRelease);
      const release = steps[firstRelease];
      if (!release) continue;
      releases++;
      const before = steps.slice(0, firstRelease);
      if (before.some(stopsIntake) || trigger.library === "@godaddy/terminus" || reported.has(spanKey(release.at))) continue;
      // A call the model could not follow, or a close of something it could not identify, may be the intake.
      const unresolved = new Set(path.unresolved.map((call) => spanKey(call.at)));
      const unclear = before.find(
        (step) => unresolved.has(spanKey(step.at)) || (step.action.type === "close" && step.action.resource === undefined),
      );
      if (unclear) {
        cannotTell.push(
          `\`${unclear.callee}\` (${unclear.at.file}:${unclear.at.line}) runs before \`${release.callee}\` and may stop intake`,
        );
        continue;
      }
      reported.add(spanKey(release.at));
      report({
        messageId: "releasedFirst",
        data: { release: release.callee, resource: resourceName(release) },
        at: release.at,
        confidence: "high",
      });
    }
    if (cannotTell.length > 0) return { outcome: "could_not_determine", reason: cannotTell.join("; ") };
    if (releases === 0)
      return { outcome: "not_applicable", reason: "the shutdown path releases no database, cache, browser or child process" };
    return undefined;
  },
});

function resourceName(step: PathStep): string {
  return step.action.type === "close" && step.action.resource ? step.action.resource.description : "resource";
}

function isBackendRelease(step: PathStep): boolean {
  return step.action.type === "close" && step.action.resource !== undefined && BACKEND_KINDS.has(step.action.resource.kind);
}

/** Closing a listener, server or transport (its close call starts refusing requests), or a shutting-down flag. */
function stopsIntake(step: PathStep): boolean {
  const { action } = step;
  if (action.type === "stop-intake") return true;
  return action.type === "close" && action.resource !== undefined && INTAKE_KINDS.has(action.resource.kind);
}
