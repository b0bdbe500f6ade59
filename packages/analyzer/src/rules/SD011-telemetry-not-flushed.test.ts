import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, source } from "../test-support/analyze-sources.js";

const RULE = "SD011";

const OTEL_SERVER = [
  'import { NodeSDK } from "@opentelemetry/sdk-node";',
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
  "",
  'const sdk = new NodeSDK({ serviceName: "notes-mcp" });',
  "sdk.start();",
  'const server = new McpServer({ name: "notes", version: "1.0.0" });',
  "await server.connect(new StdioServerTransport());",
  "",
];

describe("SD011 telemetry-not-flushed", () => {
  it("flags an OpenTelemetry NodeSDK that no shutdown path shuts down", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(...OTEL_SERVER, 'process.on("SIGTERM", async () => {', "  await server.close();", "  process.exit(0);", "});"),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: "src/index.ts", line: 5, column: 13, severity: "medium", confidence: "high" });
    expect(finding?.message).toContain("OpenTelemetry NodeSDK");
  });

  it("passes an awaited sdk.shutdown() before the exit", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...OTEL_SERVER,
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  await sdk.shutdown();",
        "  process.exit(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("passes sdk.shutdown().finally(() => process.exit(0))", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(...OTEL_SERVER, 'process.once("SIGTERM", () => {', "  sdk.shutdown().finally(() => process.exit(0));", "});"),
    });
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags a shutdown that is not awaited before process.exit()", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(...OTEL_SERVER, 'process.on("SIGTERM", async () => {', "  sdk.shutdown();", "  process.exit(0);", "});"),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 5, column: 13 });
    expect(finding?.message).toContain("at src/index.ts:11 is not awaited before process.exit() at src/index.ts:12");
  });

  it("flags a shutdown placed after the exit", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...OTEL_SERVER,
        "async function shutdown(): Promise<void> {",
        "  await server.close();",
        "  process.exit(0);",
        "  await sdk.shutdown();",
        "}",
        'process.on("SIGTERM", shutdown);',
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 5, column: 13 });
    expect(finding?.message).toContain("at src/index.ts:13 comes after process.exit() at src/index.ts:12");
  });

  it("flags the stdin EOF path that exits without the flush another path does", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        'import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";',
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
        "",
        "const provider = new NodeTracerProvider();",
        "provider.register();",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "await server.connect(new StdioServerTransport());",
        "",
        'process.on("SIGTERM", async () => {',
        "  await provider.shutdown();",
        "  process.exit(0);",
        "});",
        'process.stdin.on("end", () => {',
        "  process.exit(0);",
        "});",
      ),
    });
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 5, column: 18 });
    expect(finding?.message).toContain(
      "process.exit() at src/index.ts:15 ends the process without shutting down this OpenTelemetry tracer provider",
    );
  });

  it("flags telemetry in a server that has no shutdown path at all", async () => {
    const report = await analyzeSources({ "src/index.ts": source(...OTEL_SERVER) });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 5, column: 13 });
    expect(finding?.message).toContain("no shutdown path");
  });

  it("passes Sentry initialised in its own module and closed on shutdown", async () => {
    const report = await analyzeSources({
      "src/instrument.ts": source(
        'import * as Sentry from "@sentry/node";',
        "",
        "Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.2 });",
      ),
      "src/index.ts": source(
        'import "./instrument.js";',
        'import * as Sentry from "@sentry/node";',
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
        "",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "await server.connect(new StdioServerTransport());",
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  await Sentry.close(2000);",
        "  process.exit(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags Sentry that is never closed", async () => {
    const report = await analyzeSources({
      "src/index.js": source(
        'import * as Sentry from "@sentry/node";',
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
        "",
        "Sentry.init({ dsn: process.env.SENTRY_DSN });",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "await server.connect(new StdioServerTransport());",
        'process.on("SIGTERM", () => process.exit(0));',
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ file: "src/index.js", line: 5, column: 1 }]);
  });

  it("passes a PostHog client shut down from a CommonJS shutdown module", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "notes-mcp", main: "src/index.js" }),
      "src/analytics.js": source(
        'const { PostHog } = require("posthog-node");',
        "",
        'const posthog = new PostHog(process.env.POSTHOG_KEY, { host: "https://eu.i.posthog.com" });',
        "module.exports = { posthog };",
      ),
      "src/index.js": source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const { posthog } = require("./analytics.js");',
        "",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "server.connect(new StdioServerTransport());",
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  await posthog.shutdown();",
        "  process.exit(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("is not applicable without a telemetry SDK", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "await server.connect(new StdioServerTransport());",
      ),
    });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: "no telemetry SDK found" });
  });
  it("does not take an exit in a .catch handler for the end of the path", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...OTEL_SERVER,
        'process.on("SIGTERM", () => {',
        "  void server",
        "    .close()",
        "    .catch(() => process.exit(1))",
        "    .then(() => sdk.shutdown())",
        "    .finally(() => process.exit(0));",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });
});
