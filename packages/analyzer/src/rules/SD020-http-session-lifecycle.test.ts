import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, source } from "../test-support/analyze-sources.js";

const RULE = "SD020";

const STATEFUL_HEAD = [
  'import express from "express";',
  'import { randomUUID } from "node:crypto";',
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
  "",
  "const transports: Record<string, StreamableHTTPServerTransport> = {};",
  "const lastSeen = new Map<string, number>();",
  "const app = express();",
  "app.use(express.json());",
  'app.post("/mcp", async (req, res) => {',
  '  const sessionId = req.headers["mcp-session-id"] as string | undefined;',
  "  let transport = sessionId ? transports[sessionId] : undefined;",
  "  if (!transport) {",
  "    transport = new StreamableHTTPServerTransport({",
  "      sessionIdGenerator: () => randomUUID(),",
  "      onsessioninitialized: (sessionId) => {",
  "        transports[sessionId] = transport!;",
  "      },",
  "    });",
];
const STATEFUL_TAIL = [
  '    const server = new McpServer({ name: "notes", version: "1.0.0" });',
  "    await server.connect(transport);",
  "  }",
  "  if (sessionId) lastSeen.set(sessionId, Date.now());",
  "  await transport.handleRequest(req, res, req.body);",
  "});",
  "const httpServer = app.listen(3000);",
];

describe("SD020 http-session-lifecycle", () => {
  it("is not applicable to a stdio-only server", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "await server.connect(new StdioServerTransport());",
      ),
    });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: "stdio-only server" });
  });

  it("passes stateful sessions removed on close, expired when idle and closed at shutdown", async () => {
    const report = await analyzeSources({
      "src/server.ts": source(
        ...STATEFUL_HEAD,
        "    transport.onclose = () => {",
        "      if (transport?.sessionId) delete transports[transport.sessionId];",
        "    };",
        ...STATEFUL_TAIL,
        "const IDLE_MS = 15 * 60 * 1000;",
        "const sweeper = setInterval(() => {",
        "  for (const [id, seen] of lastSeen) if (Date.now() - seen > IDLE_MS) void transports[id]?.close();",
        "}, 60_000);",
        "sweeper.unref();",
        'process.once("SIGTERM", async () => {',
        "  clearInterval(sweeper);",
        "  await Promise.all(Object.values(transports).map((open) => open.close()));",
        "  httpServer.close();",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags a session map that is never cleaned up, listing what is missing", async () => {
    const report = await analyzeSources({
      "src/server.ts": source(...STATEFUL_HEAD, ...STATEFUL_TAIL, 'process.once("SIGTERM", () => httpServer.close());'),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: "src/server.ts", line: 6, column: 7, severity: "medium", confidence: "medium" });
    expect(finding?.message).toContain("never removed when their session closes, expired when idle or closed at shutdown");
  });

  it("passes stateless per-request transports closed when the response closes", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        'import express from "express";',
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
        "",
        "const app = express();",
        'app.post("/mcp", async (req, res) => {',
        '  const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
        '  res.on("close", () => {',
        "    transport.close();",
        "    server.close();",
        "  });",
        "  await server.connect(transport);",
        "  await transport.handleRequest(req, res, req.body);",
        "});",
        "app.listen(3000);",
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags a stateless per-request transport that is never closed", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        'import express from "express";',
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
        "",
        "const app = express();",
        'app.post("/mcp", async (req, res) => {',
        '  const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
        "  await server.connect(transport);",
        "  await transport.handleRequest(req, res, req.body);",
        "});",
        "app.listen(3000);",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      { file: "src/server.js", line: 8, column: 21, severity: "medium", message: expect.stringContaining("per-request transport") },
    ]);
  });

  it("is not applicable to one long-lived transport at module scope", async () => {
    const report = await analyzeSources({
      "src/server.ts": source(
        'import express from "express";',
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
        "",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
        "await server.connect(transport);",
        "const app = express();",
        'app.post("/mcp", (req, res) => transport.handleRequest(req, res, req.body));',
        "app.listen(3000);",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(resultOf(report, RULE)).toMatchObject({
      outcome: "not_applicable",
      reason: expect.stringContaining("one long-lived HTTP transport"),
    });
  });

  it("flags legacy SSE sessions removed on close but never expired or closed at shutdown (CommonJS)", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        'const express = require("express");',
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { SSEServerTransport } = require("@modelcontextprotocol/sdk/server/sse.js");',
        "",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "const transports = {};",
        "const app = express();",
        'app.get("/sse", async (req, res) => {',
        '  const transport = new SSEServerTransport("/messages", res);',
        "  transports[transport.sessionId] = transport;",
        '  res.on("close", () => {',
        "    delete transports[transport.sessionId];",
        "  });",
        "  await server.connect(transport);",
        "});",
        'app.post("/messages", (req, res) => transports[req.query.sessionId].handlePostMessage(req, res));',
        "app.listen(3000);",
      ),
    });
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 6, column: 7 });
    expect(finding?.message).toContain("never expired when idle or closed at shutdown");
  });
});
