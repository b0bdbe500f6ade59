import type { OpenedResource, PathStep, ResourceKind } from "../model/types.js";
import type { Severity } from "../report.js";
import { createRule } from "./rule.js";
import { isOpaque } from "./shared-facts.js";

/** RULES.md, "What closed means": the handles this rule tracks (listeners are SD004's, log sinks SD010's). */
const TRACKED_KINDS = new Set<ResourceKind>([
  "database",
  "redis",
  "browser",
  "child-process",
  "interval",
  "watcher",
  "websocket",
  "worker-thread",
]);

export default createRule({
  meta: {
    id: "SD009",
    name: "resource-left-open",
    category: "D",
    severity: "medium",
    title: "A long-lived handle is never closed on shutdown.",
    rationale:
      "Handles that are never released keep the process alive after the client leaves, leave database transactions and locks to time out on the server, orphan browsers and child processes, and hold credentials for longer than needed.",
    remediation:
      "Close every long-lived handle on the shutdown path, awaited and bounded, in reverse order of creation: `pool.end()`, `redis.quit()`, `browser.close()`, `child.kill()`, `watcher.close()`; clear intervals or `unref()` them.",
    messages: {
      notClosed: "The {resource} opened here is never closed on the shutdown path of {entry} ({closers}).",
      intervalLeft: "The setInterval started here is never cleared or unref'd: it keeps {entry} alive after shutdown.",
      notClosedNoPath: "The {resource} opened here is never closed: entry point {entry} has no shutdown path.",
    },
  },
  check({ model, report }) {
    const processEntries = model.entryPoints.filter((entry) => !entry.serverless);
    if (processEntries.length === 0) return { outcome: "not_applicable", reason: "no MCP server entry point that owns a process" };
    const cannotTell: string[] = [];
    const reported = new Set<string>();
    let tracked = 0;
    // A handle shared by several entry points must be released on each one's shutdown path (ANALYZER.md, Entry points).
    for (const entry of processEntries) {
      const closure = new Set(entry.closure);
      const resources = model.opened.filter((resource) => closure.has(resource.at.file) && isLongLived(resource));
      tracked += resources.length;
      // Every trigger counts as a place to release: sync releases in `exit` listeners work, async ones are SD018's.
      const triggers = model.triggers.filter((trigger) => closure.has(trigger.at.file));
      const steps = triggers.flatMap((trigger) => trigger.path?.steps ?? []).filter((step) => !step.deferred);
      const opaque = triggers.find(isOpaque);
      const uncertain = triggers.some((trigger) => (trigger.path?.unresolved.length ?? 0) > 0);
      for (const resource of resources) {
        if (reported.has(resource.id) || mayBeReleased(resource, steps)) continue;
        if (opaque) {
          cannotTell.push(
            `the shutdown handler at ${opaque.at.file}:${opaque.at.line} could not be followed, so whether it closes the ${resource.description} is unknown`,
          );
          continue;
        }
        reported.add(resource.id);
        const severity = severityOf(resource);
        const confidence = isUntraceable(resource) || uncertain ? "medium" : "high";
        const data = {
          resource: resource.description,
          entry: entry.file,
          closers: resource.closeMethods.map((method) => `${method}()`).join(" / "),
        };
        const messageId = triggers.length === 0 ? "notClosedNoPath" : resource.kind === "interval" ? "intervalLeft" : "notClosed";
        report({ messageId, data, at: resource.at, severity, confidence });
      }
    }
    if (tracked === 0) return { outcome: "not_applicable", reason: "no long-lived handles opened" };
    if (cannotTell.length > 0) return { outcome: "could_not_determine", reason: [...new Set(cannotTell)].join("; ") };
    return undefined;
  },
});

/**
 * Long-lived: kept beyond one request and not closed where it was opened. A child process started
 * inside a function and kept in a local is a command that runs to completion, not a handle.
 */
function isLongLived(resource: OpenedResource): boolean {
  if (!TRACKED_KINDS.has(resource.kind) || resource.scope === "request" || resource.closedLocally || resource.unref) return false;
  if (resource.kind === "child-process" && resource.scope === "function") return false;
  return true;
}

/**
 * Opened inside a function, or kept nowhere the model can name: the handle may reach the shutdown
 * code under another name (returned from a factory, stored by a caller).
 */
function isUntraceable(resource: OpenedResource): boolean {
  return resource.binding === undefined || resource.scope === "function";
}

/**
 * A shutdown step releases this handle, or — when the handle is untraceable — releases an
 * unidentified receiver with one of its close methods: a missed finding costs less than a wrong one.
 */
function mayBeReleased(resource: OpenedResource, steps: PathStep[]): boolean {
  return steps.some((step) => {
    const { action } = step;
    if (action.type !== "close" && action.type !== "clear-timer") return false;
    const released = action.resource;
    if (released) return released.id === resource.id || (resource.binding !== undefined && released.binding === resource.binding);
    if (!isUntraceable(resource)) return false;
    return action.type === "clear-timer" ? resource.kind === "interval" : resource.closeMethods.includes(action.method);
  });
}

/** RULES.md: high for browsers, child processes and databases that write. */
function severityOf(resource: OpenedResource): Severity {
  if (resource.kind === "browser" || resource.kind === "child-process") return "high";
  if (resource.kind === "database" && resource.traits.includes("writer")) return "high";
  return "medium";
}
