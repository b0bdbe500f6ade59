import type { Origin, ResourceKind } from "./types.js";

/**
 * What the analyzer knows about libraries: which calls open long-lived handles and what closes
 * them (RULES.md, "What closed means"), which calls flush, revoke or stop intake, and the accepted
 * shutdown libraries with their defaults. Matching is by import origin plus call shape, never by a
 * variable's name.
 */
export interface ResourcePattern {
  modules: string[];
  /** Origin path, `()` for a call or `new`. */
  path: string[];
  kind: ResourceKind;
  description: string;
  closeMethods: string[];
  traits?: string[];
}

const PG = ["pg"];
export const MCP_STDIO = [
  "@modelcontextprotocol/sdk/server/stdio.js",
  "@modelcontextprotocol/sdk/server/stdio",
  "@modelcontextprotocol/server",
];
const MCP_HTTP = [
  "@modelcontextprotocol/sdk/server/streamableHttp.js",
  "@modelcontextprotocol/sdk/server/streamableHttp",
  "@modelcontextprotocol/sdk/server/sse.js",
  "@modelcontextprotocol/sdk/server/sse",
  "@modelcontextprotocol/server",
  "@modelcontextprotocol/node",
];
const MCP_SERVER = [
  "@modelcontextprotocol/sdk/server/mcp.js",
  "@modelcontextprotocol/sdk/server/mcp",
  "@modelcontextprotocol/sdk/server/index.js",
  "@modelcontextprotocol/sdk/server/index",
  "@modelcontextprotocol/sdk/server",
  "@modelcontextprotocol/server",
];
const CHILD_PROCESS = ["child_process"];
const HTTP = ["http", "https", "http2"];

export const RESOURCE_PATTERNS: ResourcePattern[] = [
  { modules: PG, path: ["Pool", "()"], kind: "database", description: "pg Pool", closeMethods: ["end"], traits: ["writer"] },
  { modules: PG, path: ["Client", "()"], kind: "database", description: "pg Client", closeMethods: ["end"], traits: ["writer"] },
  { modules: ["postgres"], path: ["()"], kind: "database", description: "postgres.js client", closeMethods: ["end"], traits: ["writer"] },
  {
    modules: ["mysql2", "mysql2/promise", "mysql"],
    path: ["createPool", "()"],
    kind: "database",
    description: "MySQL pool",
    closeMethods: ["end"],
    traits: ["writer"],
  },
  {
    modules: ["mysql2", "mysql2/promise", "mysql"],
    path: ["createConnection", "()"],
    kind: "database",
    description: "MySQL connection",
    closeMethods: ["end", "destroy"],
    traits: ["writer"],
  },
  {
    modules: ["mongodb"],
    path: ["MongoClient", "()"],
    kind: "database",
    description: "MongoDB client",
    closeMethods: ["close"],
    traits: ["writer"],
  },
  {
    modules: ["mongodb"],
    path: ["MongoClient", "connect", "()"],
    kind: "database",
    description: "MongoDB client",
    closeMethods: ["close"],
    traits: ["writer"],
  },
  {
    modules: ["mongoose"],
    path: ["connect", "()"],
    kind: "database",
    description: "Mongoose connection",
    closeMethods: ["disconnect", "close"],
    traits: ["writer", "module-close"],
  },
  {
    modules: ["mongoose"],
    path: ["createConnection", "()"],
    kind: "database",
    description: "Mongoose connection",
    closeMethods: ["close"],
    traits: ["writer"],
  },
  {
    modules: ["@prisma/client"],
    path: ["PrismaClient", "()"],
    kind: "database",
    description: "PrismaClient",
    closeMethods: ["$disconnect"],
    traits: ["writer"],
  },
  { modules: ["knex"], path: ["()"], kind: "database", description: "knex instance", closeMethods: ["destroy"], traits: ["writer"] },
  {
    modules: ["better-sqlite3"],
    path: ["()"],
    kind: "database",
    description: "better-sqlite3 database",
    closeMethods: ["close"],
    traits: ["writer"],
  },
  {
    modules: ["sqlite3"],
    path: ["Database", "()"],
    kind: "database",
    description: "sqlite3 database",
    closeMethods: ["close"],
    traits: ["writer"],
  },
  { modules: ["ioredis"], path: ["()"], kind: "redis", description: "ioredis client", closeMethods: ["quit", "disconnect"] },
  { modules: ["ioredis"], path: ["Redis", "()"], kind: "redis", description: "ioredis client", closeMethods: ["quit", "disconnect"] },
  { modules: ["ioredis"], path: ["Cluster", "()"], kind: "redis", description: "ioredis cluster", closeMethods: ["quit", "disconnect"] },
  {
    modules: ["redis", "@redis/client"],
    path: ["createClient", "()"],
    kind: "redis",
    description: "redis client",
    closeMethods: ["quit", "disconnect", "close", "destroy"],
  },
  {
    modules: ["puppeteer", "puppeteer-core"],
    path: ["launch", "()"],
    kind: "browser",
    description: "Puppeteer browser",
    closeMethods: ["close"],
    traits: ["installs-signal-listener"],
  },
  {
    modules: ["puppeteer", "puppeteer-core"],
    path: ["connect", "()"],
    kind: "browser",
    description: "Puppeteer browser connection",
    closeMethods: ["close", "disconnect"],
  },
  ...["chromium", "firefox", "webkit"].flatMap((browser): ResourcePattern[] => [
    {
      modules: ["playwright", "playwright-core", "@playwright/test"],
      path: [browser, "launch", "()"],
      kind: "browser",
      description: `Playwright ${browser}`,
      closeMethods: ["close"],
      traits: ["installs-signal-listener"],
    },
    {
      modules: ["playwright", "playwright-core", "@playwright/test"],
      path: [browser, "launchPersistentContext", "()"],
      kind: "browser",
      description: `Playwright ${browser} context`,
      closeMethods: ["close"],
      traits: ["installs-signal-listener"],
    },
  ]),
  ...["spawn", "fork", "exec", "execFile"].map(
    (fn): ResourcePattern => ({
      modules: CHILD_PROCESS,
      path: [fn, "()"],
      kind: "child-process",
      description: `child process (${fn})`,
      closeMethods: ["kill"],
    }),
  ),
  { modules: ["execa"], path: ["execa", "()"], kind: "child-process", description: "child process (execa)", closeMethods: ["kill"] },
  {
    modules: ["global", "timers"],
    path: ["setInterval", "()"],
    kind: "interval",
    description: "setInterval timer",
    closeMethods: ["unref"],
  },
  { modules: ["fs"], path: ["watch", "()"], kind: "watcher", description: "fs.watch watcher", closeMethods: ["close"] },
  { modules: ["chokidar"], path: ["watch", "()"], kind: "watcher", description: "chokidar watcher", closeMethods: ["close"] },
  { modules: ["ws"], path: ["()"], kind: "websocket", description: "WebSocket", closeMethods: ["close", "terminate"] },
  { modules: ["ws"], path: ["WebSocket", "()"], kind: "websocket", description: "WebSocket", closeMethods: ["close", "terminate"] },
  { modules: ["ws"], path: ["WebSocketServer", "()"], kind: "websocket", description: "WebSocket server", closeMethods: ["close"] },
  { modules: ["global"], path: ["WebSocket", "()"], kind: "websocket", description: "WebSocket", closeMethods: ["close"] },
  { modules: ["worker_threads"], path: ["Worker", "()"], kind: "worker-thread", description: "worker thread", closeMethods: ["terminate"] },
  {
    modules: HTTP,
    path: ["createServer", "()"],
    kind: "http-server",
    description: "HTTP server",
    closeMethods: ["close", "closeAllConnections", "terminate", "stop"],
  },
  {
    modules: ["http", "https"],
    path: ["Server", "()"],
    kind: "http-server",
    description: "HTTP server",
    closeMethods: ["close", "closeAllConnections", "terminate", "stop"],
  },
  {
    modules: ["express"],
    path: ["()", "listen", "()"],
    kind: "http-server",
    description: "Express server (app.listen)",
    closeMethods: ["close", "closeAllConnections", "terminate", "stop"],
  },
  { modules: ["fastify"], path: ["()"], kind: "http-server", description: "Fastify instance", closeMethods: ["close"] },
  { modules: ["fastify"], path: ["fastify", "()"], kind: "http-server", description: "Fastify instance", closeMethods: ["close"] },
  {
    modules: ["@hono/node-server"],
    path: ["serve", "()"],
    kind: "http-server",
    description: "Hono node server",
    closeMethods: ["close", "closeAllConnections"],
  },
  {
    modules: ["koa"],
    path: ["()", "listen", "()"],
    kind: "http-server",
    description: "Koa server (app.listen)",
    closeMethods: ["close", "closeAllConnections"],
  },
  {
    modules: MCP_STDIO,
    path: ["StdioServerTransport", "()"],
    kind: "mcp-transport",
    description: "MCP stdio transport",
    closeMethods: ["close"],
    traits: ["stdio"],
  },
  {
    modules: MCP_HTTP,
    path: ["StreamableHTTPServerTransport", "()"],
    kind: "mcp-transport",
    description: "MCP Streamable HTTP transport",
    closeMethods: ["close"],
    traits: ["http"],
  },
  {
    modules: MCP_HTTP,
    path: ["NodeStreamableHTTPServerTransport", "()"],
    kind: "mcp-transport",
    description: "MCP Streamable HTTP transport",
    closeMethods: ["close"],
    traits: ["http"],
  },
  {
    modules: MCP_HTTP,
    path: ["SSEServerTransport", "()"],
    kind: "mcp-transport",
    description: "MCP SSE transport",
    closeMethods: ["close"],
    traits: ["http", "sse"],
  },
  { modules: MCP_SERVER, path: ["McpServer", "()"], kind: "mcp-server", description: "MCP server", closeMethods: ["close"] },
  { modules: MCP_SERVER, path: ["Server", "()"], kind: "mcp-server", description: "MCP server", closeMethods: ["close"] },
  {
    modules: ["pino"],
    path: ["destination", "()"],
    kind: "logger",
    description: "pino destination",
    closeMethods: ["flushSync", "flush", "end", "destroy"],
    traits: ["log-destination"],
  },
  {
    modules: ["pino"],
    path: ["transport", "()"],
    kind: "logger",
    description: "pino transport",
    closeMethods: ["flush", "end"],
    traits: ["async-log"],
  },
  {
    modules: ["pino"],
    path: ["()"],
    kind: "logger",
    description: "pino logger",
    closeMethods: ["flush", "flushSync"],
    traits: ["pino-logger"],
  },
  {
    modules: ["winston"],
    path: ["createLogger", "()"],
    kind: "logger",
    description: "winston logger",
    closeMethods: ["end", "close"],
    traits: ["winston-logger"],
  },
  {
    modules: ["fs"],
    path: ["createWriteStream", "()"],
    kind: "logger",
    description: "file write stream",
    closeMethods: ["end", "close", "destroy"],
    traits: ["write-stream"],
  },
  {
    modules: ["@opentelemetry/sdk-node"],
    path: ["NodeSDK", "()"],
    kind: "telemetry",
    description: "OpenTelemetry NodeSDK",
    closeMethods: ["shutdown"],
  },
  {
    modules: ["@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-trace-base"],
    path: ["NodeTracerProvider", "()"],
    kind: "telemetry",
    description: "OpenTelemetry tracer provider",
    closeMethods: ["shutdown", "forceFlush"],
  },
  {
    modules: ["@opentelemetry/sdk-trace-base"],
    path: ["BasicTracerProvider", "()"],
    kind: "telemetry",
    description: "OpenTelemetry tracer provider",
    closeMethods: ["shutdown", "forceFlush"],
  },
  {
    modules: ["@opentelemetry/sdk-metrics"],
    path: ["MeterProvider", "()"],
    kind: "telemetry",
    description: "OpenTelemetry meter provider",
    closeMethods: ["shutdown", "forceFlush"],
  },
  {
    modules: ["@opentelemetry/sdk-logs"],
    path: ["LoggerProvider", "()"],
    kind: "telemetry",
    description: "OpenTelemetry logger provider",
    closeMethods: ["shutdown", "forceFlush"],
  },
  {
    modules: ["@sentry/node", "@sentry/nextjs", "@sentry/bun"],
    path: ["init", "()"],
    kind: "telemetry",
    description: "Sentry",
    closeMethods: ["close", "flush"],
    traits: ["module-close"],
  },
  {
    modules: ["posthog-node"],
    path: ["PostHog", "()"],
    kind: "telemetry",
    description: "PostHog client",
    closeMethods: ["shutdown", "shutdownAsync", "flush"],
  },
  {
    modules: ["@segment/analytics-node"],
    path: ["Analytics", "()"],
    kind: "telemetry",
    description: "Segment client",
    closeMethods: ["closeAndFlush"],
  },
  { modules: ["analytics-node"], path: ["()"], kind: "telemetry", description: "Segment client", closeMethods: ["flush"] },
  {
    modules: ["node-vault"],
    path: ["()"],
    kind: "vault",
    description: "node-vault client",
    closeMethods: ["tokenRevokeSelf", "revoke", "revokePrefix"],
  },
  {
    modules: ["hashi-vault-js"],
    path: ["()"],
    kind: "vault",
    description: "hashi-vault-js client",
    closeMethods: ["revokeSelfToken", "revokeToken", "revoke"],
  },
];

/** Close methods that also stop intake when called on a listener or transport. */
export const INTAKE_KINDS: ReadonlySet<ResourceKind> = new Set(["http-server", "mcp-transport", "mcp-server"]);

/** Methods that flush buffered logs or telemetry. */
export const FLUSH_METHODS = new Set(["flush", "flushSync", "forceFlush", "closeAndFlush", "shutdown", "end"]);

/** Methods that revoke Vault tokens and leases. */
export const REVOKE_METHODS = new Set(["tokenRevokeSelf", "revokeSelfToken", "revoke", "revokePrefix", "revokeToken", "revokeLease"]);

/** Close-like methods for an unresolved receiver: evidence that something is being released. */
export const GENERIC_CLOSE_METHODS = new Set([
  "close",
  "end",
  "quit",
  "disconnect",
  "destroy",
  "terminate",
  "kill",
  "shutdown",
  "$disconnect",
  "stop",
  "closeAllConnections",
  "dispose",
]);

export interface ShutdownLibrary {
  modules: string[];
  /** The registering call's origin path. */
  path: string[];
  name: string;
  /** Signals the library listens for by default. */
  signals: string[];
  /** Also handles crash events. */
  crash: boolean;
  /** Index of the handler argument, or the option property holding it. */
  handler: { arg: number } | { option: string; arg: number } | { last: true };
  /** Default deadline in ms (null = unbounded), and the option that sets it. */
  defaultMs: number | null;
  timeoutOption?: { arg: number; property: string };
  /** Counts only for synchronous cleanup (signal-exit). */
  syncOnly?: boolean;
}

export const SHUTDOWN_LIBRARIES: ShutdownLibrary[] = [
  {
    modules: ["close-with-grace"],
    path: ["()"],
    name: "close-with-grace",
    signals: ["SIGTERM", "SIGINT"],
    crash: true,
    handler: { last: true },
    defaultMs: 10_000,
    timeoutOption: { arg: 0, property: "delay" },
  },
  {
    modules: ["@godaddy/terminus"],
    path: ["createTerminus", "()"],
    name: "@godaddy/terminus",
    signals: ["SIGTERM"],
    crash: false,
    handler: { option: "onSignal", arg: 1 },
    defaultMs: 1_000,
    timeoutOption: { arg: 1, property: "timeout" },
  },
  {
    modules: ["lightship"],
    path: ["createLightship", "()", "registerShutdownHandler", "()"],
    name: "lightship",
    signals: ["SIGTERM", "SIGHUP", "SIGINT"],
    crash: false,
    handler: { arg: 0 },
    defaultMs: 60_000,
  },
  {
    modules: ["exit-hook"],
    path: ["()"],
    name: "exit-hook",
    signals: ["SIGTERM", "SIGINT"],
    crash: false,
    handler: { arg: 0 },
    defaultMs: null,
    syncOnly: true,
  },
  {
    modules: ["exit-hook"],
    path: ["asyncExitHook", "()"],
    name: "exit-hook",
    signals: ["SIGTERM", "SIGINT"],
    crash: false,
    handler: { arg: 0 },
    defaultMs: null,
    timeoutOption: { arg: 1, property: "wait" },
  },
  {
    modules: ["async-exit-hook"],
    path: ["()"],
    name: "async-exit-hook",
    signals: ["SIGTERM", "SIGINT"],
    crash: false,
    handler: { arg: 0 },
    defaultMs: 10_000,
  },
  {
    modules: ["signal-exit"],
    path: ["onExit", "()"],
    name: "signal-exit",
    signals: ["SIGTERM", "SIGINT"],
    crash: false,
    handler: { arg: 0 },
    defaultMs: null,
    syncOnly: true,
  },
];

export interface DrainLibrary {
  modules: string[];
  path: string[];
  name: string;
  /** Default bound in ms (null = unbounded) and where it is set. */
  defaultMs: number | null;
  timeoutOption?: { arg: number; property?: string };
  /** Method that closes the server it wraps. */
  closeMethod: string;
}

/** Libraries that close an HTTP server with a bound (they register no signals of their own). */
export const DRAIN_LIBRARIES: DrainLibrary[] = [
  {
    modules: ["http-terminator"],
    path: ["createHttpTerminator", "()"],
    name: "http-terminator",
    defaultMs: 5_000,
    timeoutOption: { arg: 0, property: "gracefulTerminationTimeout" },
    closeMethod: "terminate",
  },
  { modules: ["stoppable"], path: ["()"], name: "stoppable", defaultMs: null, timeoutOption: { arg: 1 }, closeMethod: "stop" },
];

export function matchesOrigin(origin: Origin, modules: string[], path: string[]): boolean {
  if (!modules.includes(origin.module)) return false;
  if (origin.path.length !== path.length) return false;
  return path.every((part, index) => origin.path[index] === part);
}

/** `node:http` → `http`; `fs/promises` stays distinct. */
export function normaliseSpecifier(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

/** Packages the catalog describes: calls into them are understood, not unknowns. */
export const KNOWN_MODULES: ReadonlySet<string> = new Set([
  ...RESOURCE_PATTERNS.flatMap((pattern) => pattern.modules),
  ...SHUTDOWN_LIBRARIES.flatMap((library) => library.modules),
  ...DRAIN_LIBRARIES.flatMap((library) => library.modules),
  "@nestjs/core",
  "zod",
]);
