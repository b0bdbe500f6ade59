import { ts } from "ts-morph";
import { spanOf } from "../model/source-span.js";
import type { EntryPoint, OpenedResource, PathStep, Profile, ProjectModel, ResourceKind, SourceSpan, Trigger } from "../model/types.js";

// Readings of the model that several rules share. Entry-point places and live handles belong in the
// model itself (an `at` on EntryPoint, a live flag on OpenedResource); until then they live here.

/** Handles that keep the event loop alive (ANALYZER.md, Live handles). */
const LIVE_KINDS = new Set<ResourceKind>([
  "http-server",
  "database",
  "redis",
  "browser",
  "child-process",
  "interval",
  "watcher",
  "websocket",
  "worker-thread",
]);
const STDIO_SERVE_CALLS = new Set(["serveStdio", "startStdioServer"]);

/**
 * Keeps the event loop alive (ANALYZER.md, Live handles). A child process started inside a
 * function is usually a command that runs to completion, not a handle.
 */
export function isLiveHandle(resource: OpenedResource): boolean {
  if (!LIVE_KINDS.has(resource.kind) || resource.unref || resource.closedLocally || resource.scope === "request") return false;
  return !(resource.kind === "child-process" && resource.scope === "function");
}

/**
 * Where an entry point shows itself: the `listen(…)` of an HTTP entry, the `server.connect(…)` /
 * `serveStdio(…)` of a stdio one, searched in the entry module first and then in its imports; else
 * the first listener or transport it opens, else its first line. EntryPoint records reasons, not places.
 */
export function entryPointSpan(
  model: ProjectModel,
  entry: EntryPoint,
  profile: Profile = entry.profiles.includes("http") ? "http" : "stdio",
): SourceSpan {
  for (const file of [entry.file, ...entry.closure.filter((member) => member !== entry.file)]) {
    const sourceFile = model.modules.get(file)?.sourceFile;
    const call = sourceFile && firstEntryCall(sourceFile, profile);
    if (sourceFile && call) return spanOf(call, sourceFile, file);
  }
  const opened = model.opened
    .filter((resource) => resource.at.file === entry.file && (resource.kind === "http-server" || resource.kind === "mcp-transport"))
    .sort((a, b) => compareSpans(a.at, b.at))[0];
  if (opened) return opened.at;
  const firstLine = model.modules.get(entry.file)?.sourceFile.text.split(/\r?\n/, 1)[0] ?? "";
  return { file: entry.file, line: 1, column: 1, endLine: 1, endColumn: firstLine.length + 1, excerpt: firstLine };
}

function firstEntryCall(sourceFile: ts.SourceFile, profile: Profile): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && isEntryCall(node.expression, profile)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** `app.listen(…)` for HTTP; `server.connect(transport)` (not `pool.connect()`) or `serveStdio(…)` for stdio. */
function isEntryCall(callee: ts.Expression, profile: Profile): boolean {
  if (ts.isIdentifier(callee)) return profile === "stdio" && STDIO_SERVE_CALLS.has(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (profile === "http") return method === "listen";
  if (STDIO_SERVE_CALLS.has(method)) return true;
  const receiver = ts.isPropertyAccessExpression(callee.expression) ? callee.expression.name.text : callee.expression.getText();
  return method === "connect" && /server/i.test(receiver);
}

/** Steps that show a handler does something the analyzer recognises as shutdown work. */
const SHUTDOWN_WORK = new Set(["close", "flush", "revoke", "exit", "exit-code", "clear-timer", "stop-intake", "abort"]);

/**
 * A trigger whose handler could not be followed: not resolved at all, or reaching only calls the
 * analyzer could not resolve. What it closes is unknown, so "never closed" cannot be claimed.
 */
export function isOpaque(trigger: Trigger): boolean {
  const path = trigger.path;
  if (!path) return true;
  return path.unresolved.length > 0 && !path.steps.some((step) => SHUTDOWN_WORK.has(step.action.type));
}

/**
 * A close, flush or revoke that completes later, so an exit right after it cuts it off. kill(),
 * closeAllConnections(), flushSync(), better-sqlite3's and fs.watch's close() finish within the call.
 */
export function isAsyncRelease(step: PathStep): boolean {
  const { action } = step;
  if (action.type === "revoke") return true;
  if (action.type === "flush") return action.method !== "flushSync";
  if (action.type !== "close") return false;
  if (action.method === "kill" || action.method === "closeAllConnections") return false;
  const resource = action.resource;
  // These finish before they return: better-sqlite3 is synchronous throughout, an fs watcher closes
  // at once, and ioredis's `disconnect()` drops the socket on the spot (its `quit()` is the async one).
  return !(
    resource?.library === "better-sqlite3" ||
    (resource?.kind === "watcher" && resource.library === "fs") ||
    (resource?.library === "ioredis" && action.method === "disconnect")
  );
}

/** The call expression a step's span covers. */
export function callAt(model: ProjectModel, at: SourceSpan): ts.CallExpression | ts.NewExpression | undefined {
  const sourceFile = model.modules.get(at.file)?.sourceFile;
  if (!sourceFile) return undefined;
  const start = sourceFile.getPositionOfLineAndCharacter(at.line - 1, at.column - 1);
  const end = sourceFile.getPositionOfLineAndCharacter(at.endLine - 1, at.endColumn - 1);
  let found: ts.CallExpression | ts.NewExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.end < end || node.pos > start) return;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.getStart(sourceFile) === start && node.end === end) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

export function spanKey(at: SourceSpan): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** `inner` lies inside `outer` (same file, within its start and end). */
export function within(inner: SourceSpan, outer: SourceSpan): boolean {
  if (inner.file !== outer.file) return false;
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

export function compareSpans(a: SourceSpan, b: SourceSpan): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

const SHORT_CIRCUIT = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

function inBranch(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent && !ts.isFunctionLike(parent); child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) return true;
    if (ts.isConditionalExpression(parent) && child !== parent.condition) return true;
    if (ts.isBinaryExpression(parent) && child === parent.right && SHORT_CIRCUIT.has(parent.operatorToken.kind)) return true;
    if (ts.isCatchClause(parent) || ts.isCaseOrDefaultClause(parent) || ts.isIterationStatement(parent, false)) return true;
  }
  return false;
}

/**
 * The exit runs whenever its path runs: neither it nor a call leading to it sits in a branch, a
 * catch block or rejection handler, a loop or a short-circuit. A second-signal `if (closing) process.exit(1)` is the
 * escape hatch SD015 asks for, not the end of a normal shutdown.
 */
export function runsUnconditionally(model: ProjectModel, steps: PathStep[], index: number): boolean {
  // A `.catch(…)` handler runs only when something before it failed, like a catch block.
  if (steps[index]?.alternative) return false;
  for (let current = index; ; ) {
    const step = steps[current];
    const call = step && callAt(model, step.at);
    if (!step || !call || inBranch(call)) return false;
    if (step.depth === 0) return true;
    let parent = current - 1;
    while (parent >= 0 && (steps[parent]?.depth ?? 0) >= step.depth) parent--;
    if (parent < 0) return false;
    current = parent;
  }
}
