import type { ts } from "ts-morph";
import type { LastcallConfig } from "../config/config-schema.js";
import type { DeploymentFacts } from "../deploy/types.js";

/** A place in a repository file, 1-based line and column, with the flagged source line(s). */
export interface SourceSpan {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  excerpt: string;
}

export type Profile = "stdio" | "http";

/**
 * Where a value comes from: a package specifier and the property/call path taken from its module
 * object. `import { Pool } from "pg"; new Pool()` → `{ module: "pg", path: ["Pool", "()"] }`.
 * Default and namespace imports both start at the module object (CommonJS interop).
 */
export interface Origin {
  module: string;
  path: string[];
}

export type ResourceKind =
  | "http-server"
  | "mcp-server"
  | "mcp-transport"
  | "database"
  | "redis"
  | "browser"
  | "child-process"
  | "interval"
  | "timeout"
  | "watcher"
  | "websocket"
  | "worker-thread"
  | "logger"
  | "telemetry"
  | "vault"
  | "secret";

/** A long-lived handle the program opens, matched against what the shutdown path closes. */
export interface OpenedResource {
  id: string;
  kind: ResourceKind;
  /** Package it came from (`pg`, `node:child_process`, `global` for timers). */
  library: string;
  /** Human name: "pg Pool", "Puppeteer browser". */
  description: string;
  at: SourceSpan;
  /** Method names that release it (`end`, `quit`, `close`, `$disconnect`, `kill`, `clearInterval`). */
  closeMethods: string[];
  /** Where the handle is kept: a variable or a class field. Undefined when it is not kept. */
  binding?: BindingKey;
  /** `module` (module scope), `instance` (class field), `function` (a non-request function), `request` (inside a tool/request handler). */
  scope: "module" | "instance" | "function" | "request";
  /** Intervals/timeouts/servers: `.unref()` was called on it; it does not keep the process alive. */
  unref: boolean;
  /** Closed in the same function (try/finally or after use): not a long-lived handle. */
  closedLocally: boolean;
  /** Extra facts per kind (log sinks: async/audit; vault: dynamic creds; http transports: stateful). */
  traits: string[];
}

/** Identifies a storage place: `file#name` for module/function variables, `file#Class.field` for fields. */
export type BindingKey = string;

export type TriggerKind = "signal" | "stdin-eof" | "onclose" | "crash" | "exit-event" | "before-exit" | "library" | "watchdog";

/** Something that starts shutdown: a signal listener, stdin EOF, an onclose hook, a library callback. */
export interface Trigger {
  kind: TriggerKind;
  /** Signals (`SIGTERM`), stream events (`end`, `close`), crash events (`uncaughtException`), or hook name. */
  events: string[];
  /** Registration method: `on`, `once`, `addListener`, `prependListener`, `assign` (onclose =), `library`. */
  method: string;
  /** Accepted shutdown library that registered it (close-with-grace, @godaddy/terminus, …). */
  library?: string;
  at: SourceSpan;
  /** Path from the handler; undefined when the handler could not be resolved. */
  path?: ShutdownPath;
  /** The handler could not be resolved to code in the project (reason). */
  unresolvedHandler?: string;
  /**
   * stdin-eof only: the stream a stdio transport reads instead of `process.stdin` (its binding
   * key, see `StdioInput`); absent for `process.stdin` itself.
   */
  stream?: BindingKey;
}

/**
 * What one `new StdioServerTransport(input?, output?)` reads (RULES.md, SD003): `process.stdin`
 * (no argument, or passed explicitly), a stream the program keeps (`binding`: its EOF listeners
 * are stdin-eof triggers with that `stream`), or a stream the analyzer cannot follow (`reason`).
 */
export interface StdioInput {
  /** The `new StdioServerTransport(…)` expression. */
  at: SourceSpan;
  input:
    | { kind: "process-stdin" }
    | {
        kind: "stream";
        binding: BindingKey;
        /** The argument as written. */
        text: string;
        /** `process.stdin` is piped into it, so stdin's own EOF listeners see its end too. */
        fedByStdin: boolean;
      }
    | { kind: "unresolved"; text: string; reason: string };
}

export type StepAction =
  | { type: "close"; method: string; resource?: OpenedResource; receiver: string }
  | { type: "exit"; how: "process.exit" | "process.kill" | "process.abort"; code?: number }
  | { type: "exit-code"; code?: number }
  | {
      type: "timer";
      /** The delay; null when it cannot be evaluated. */
      ms: number | null;
      unref: boolean;
      /** The callback exits the process: a force-exit deadline. */
      exits: boolean;
      fromConfig: boolean;
      /** Every value the delay may have (one per call site when it is passed in), with where it is written. */
      values: Array<{ ms: number; fromConfig: boolean; writtenAt?: SourceSpan }>;
    }
  | { type: "throw" }
  | { type: "race" }
  | { type: "abort-signal-timeout"; ms: number | null }
  | { type: "abort"; receiver: string }
  | { type: "flush"; receiver: string; method: string; resource?: OpenedResource }
  | { type: "revoke"; receiver: string; method: string; resource?: OpenedResource }
  | { type: "clear-timer"; receiver: string; resource?: OpenedResource }
  | { type: "stdout-write" }
  | { type: "stop-intake"; how: string }
  | { type: "drop-secret"; binding: BindingKey }
  | { type: "call" };

/** One call on a shutdown path, in execution order (callees expanded in place). */
export interface PathStep {
  action: StepAction;
  at: SourceSpan;
  /** Callee text as written: `pool.end`, `process.exit`. */
  callee: string;
  /** The call and every call that led to it were awaited (or chained with then/finally). */
  awaited: boolean;
  /** The promise is dropped: `void x()`, or an un-awaited call of an async function or close method. */
  discarded: boolean;
  /** Inside a timer callback (a deadline), so it runs later or never. */
  deferred: boolean;
  /** Inside the arguments of a `Promise.race` / bounded by a deadline mechanism. */
  raced: boolean;
  /**
   * Inside a rejection handler (`.catch(h)`, `.then(ok, h)`): it runs only when an earlier step
   * fails, in place of the steps after it, so it is an alternative path, not the next step.
   */
  alternative: boolean;
  /** Nesting depth of the call chain from the trigger's handler. */
  depth: number;
  /** Exactly how the step was reached, for evidence: function names from the handler. */
  via: string[];
}

export interface UnresolvedCall {
  callee: string;
  at: SourceSpan;
}

export interface ShutdownPath {
  steps: PathStep[];
  /** Calls on the path that could not be resolved to project code or a known library. */
  unresolved: UnresolvedCall[];
  /** The handler has an idempotence guard (flag checked, memoised promise, `once`). */
  guarded: boolean;
  /** The path was cut at the depth bound. */
  truncated: boolean;
}

/** A numeric deadline found in shutdown code or implied by a library's default. */
export interface Deadline {
  ms: number;
  /** timer: a force-exit `setTimeout`; library-default / library-option: a shutdown library's delay. */
  source: "timer" | "library-default" | "library-option" | "abort-signal-timeout" | "race";
  library?: string;
  /** The value came from configuration with a default (`Number(process.env.X ?? 5000)`). */
  fromConfig: boolean;
  at: SourceSpan;
}

export interface EntryPoint {
  file: string;
  /** Why it is an entry point: "connects an MCP server to a transport", "package.json bin", … */
  reasons: string[];
  profiles: Profile[];
  /** Repository files in its import closure (itself included). */
  closure: string[];
  /** Serverless/edge handler: owns no process. */
  serverless: boolean;
}

/** An MCP tool/resource/prompt handler and what it does with its cancellation signal. */
export interface ToolHandler {
  registration: string;
  name?: string;
  at: SourceSpan;
  /** Cancellable operations in the handler (and helpers it calls): fetch, spawn, page.goto, queries, loops with await. */
  cancellable: Array<{ what: string; at: SourceSpan; unboundedIo: boolean; receivesSignal: boolean }>;
  /** The handler reads its extra/ctx signal anywhere. */
  usesSignal: boolean;
}

export interface SecretBinding {
  binding: BindingKey;
  name: string;
  at: SourceSpan;
  /** `env` (read from process.env), `buffer` (a Buffer holding a secret), `name` (identifier heuristic). */
  source: "env" | "buffer" | "name";
  isBuffer: boolean;
}

/** A source file as the rules may read it (line text for excerpts, suppression comments). */
export interface ModuleSummary {
  file: string;
  sourceFile: ts.SourceFile;
  /** Package specifiers imported or required (relative ones excluded). */
  packageImports: string[];
  /** Repository files this module imports (resolved). */
  localImports: string[];
}

export interface ProjectModel {
  root: string;
  config: LastcallConfig;
  modules: Map<string, ModuleSummary>;
  entryPoints: EntryPoint[];
  /** Union of the entry points' profiles. */
  profiles: Set<Profile>;
  triggers: Trigger[];
  /** Every stdio transport the program builds and the stream it reads. */
  stdioInputs: StdioInput[];
  opened: OpenedResource[];
  deadlines: Deadline[];
  toolHandlers: ToolHandler[];
  secrets: SecretBinding[];
  /** `process.env.X = …` writes of secret-looking names. */
  secretEnvWrites: SourceSpan[];
  /** Reads of secret-looking environment variables anywhere (kept or not). */
  secretEnvReads: SourceSpan[];
  /** Signals the program handles through its own listeners or an accepted library. */
  handledSignals: Set<string>;
  /** `process.on(x, …)` registrations whose event the analyzer cannot evaluate (from configuration, say). */
  unresolvedListeners: SourceSpan[];
  /** process.exit / kill / abort calls anywhere, for crash/exit analysis. */
  exits: PathStep[];
  /** Session maps of stateful Streamable HTTP transports, and how sessions are removed. */
  httpSessions: Array<{
    at: SourceSpan;
    stateful: boolean;
    removedOnClose: boolean;
    idleExpiry: boolean;
    closedAtShutdown: boolean;
    perRequestClosed: boolean;
  }>;
  deployment: DeploymentFacts;
  /** Accepted shutdown libraries imported by the project. */
  shutdownLibraries: Set<string>;
}
