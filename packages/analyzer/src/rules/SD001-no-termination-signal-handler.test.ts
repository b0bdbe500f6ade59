import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const STDIO_SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Pool } from "pg";
export const pool = new Pool();
const server = new McpServer({ name: "notes", version: "1.0.0" });
await server.connect(new StdioServerTransport());
`;

describe("SD001 no-termination-signal-handler", () => {
  it("flags a stdio entry point with no SIGTERM listener at its connect call", async () => {
    const report = await analyzeSources({ "src/index.ts": STDIO_SERVER });
    const [finding, ...rest] = findingsOf(report, "SD001");
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: "SD001", severity: "high", confidence: "high", file: "src/index.ts", line: 6, column: 7 });
    expect(outcomeOf(report, "SD001")).toBe("fail");
  });

  it("passes a stdio server with nothing to clean up: Node's default exit on SIGTERM is right", async () => {
    const report = await analyzeSources({
      "src/index.ts": `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
const server = new McpServer({ name: "utils", version: "1.0.0" });
await server.connect(new StdioServerTransport());
`,
    });
    expect(resultOf(report, "SD001")).toMatchObject({
      outcome: "pass",
      reason: "nothing to clean up: Node's default exit on SIGTERM is correct",
    });
  });

  it("cannot determine, rather than fail, when the signal name comes from configuration", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}const stopSignal = process.env.STOP_SIGNAL ?? "SIGTERM";
process.once(stopSignal, () => void pool.end());
`,
    });
    expect(findingsOf(report, "SD001")).toEqual([]);
    expect(outcomeOf(report, "SD001")).toBe("could_not_determine");
    expect(resultOf(report, "SD001").reason).toContain("src/index.ts:8");
  });

  it("points at a SIGINT-only registration", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}process.on("SIGINT", async () => {
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD001")).toMatchObject([
      {
        severity: "high",
        confidence: "high",
        file: "src/index.ts",
        line: 7,
        column: 1,
        message: expect.stringContaining("listens for SIGINT but not SIGTERM"),
      },
    ]);
  });

  it("flags an Express listener in CommonJS at its listen call", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "http-server", main: "server.js" }),
      "server.js": `const express = require("express");
const app = express();
app.get("/health", (req, res) => res.send("ok"));
app.listen(3000);
`,
    });
    expect(findingsOf(report, "SD001")).toMatchObject([{ severity: "high", file: "server.js", line: 4, column: 1 }]);
  });

  it("passes when SIGTERM and SIGINT reach a shutdown routine through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}import { installSignalHandlers } from "./lifecycle/index.js";
installSignalHandlers(server);
`,
      "src/lifecycle/index.ts": `export { default as installSignalHandlers } from "./signals.js";
`,
      "src/lifecycle/signals.ts": `import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
export default function installSignalHandlers(server: McpServer): void {
  const shutdown = async () => {
    await server.close();
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
`,
    });
    expect(findingsOf(report, "SD001")).toHaveLength(0);
    expect(outcomeOf(report, "SD001")).toBe("pass");
  });

  it("passes when a loop over an array of signals registers the handler (JavaScript, ESM)", async () => {
    const report = await analyzeSources({
      "src/index.mjs": `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import Redis from "ioredis";
const redis = new Redis();
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
const SIGNALS = ["SIGTERM", "SIGINT"];
for (const signal of SIGNALS) process.once(signal, () => redis.quit());
`,
    });
    expect(outcomeOf(report, "SD001")).toBe("pass");
  });

  it("reports SIGINT missing alone as low, at the SIGTERM listener", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", async () => {
  await server.close();
});
`,
    });
    expect(findingsOf(report, "SD001")).toMatchObject([{ severity: "low", confidence: "high", file: "src/index.ts", line: 7, column: 1 }]);
  });

  it("reports only SIGINT for @godaddy/terminus with its default signals", async () => {
    const report = await analyzeSources({
      "src/server.ts": `import http from "node:http";
import { createTerminus } from "@godaddy/terminus";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
const server = http.createServer();
createTerminus(server, { onSignal: async () => {} });
server.listen(3000);
`,
    });
    expect(findingsOf(report, "SD001")).toMatchObject([{ severity: "low", file: "src/server.ts", line: 5, column: 1 }]);
  });

  it("passes for @godaddy/terminus given SIGTERM and SIGINT", async () => {
    const report = await analyzeSources({
      "src/server.ts": `import http from "node:http";
import { createTerminus } from "@godaddy/terminus";
const server = http.createServer();
createTerminus(server, { signals: ["SIGTERM", "SIGINT"], onSignal: async () => {} });
server.listen(3000);
`,
    });
    expect(outcomeOf(report, "SD001")).toBe("pass");
  });

  it("passes with close-with-grace registered in an imported module", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}import "./graceful.js";
`,
      "src/graceful.ts": `import closeWithGrace from "close-with-grace";
closeWithGrace({ delay: 1500 }, async () => {});
`,
    });
    expect(outcomeOf(report, "SD001")).toBe("pass");
  });

  it("passes with exit-hook's asyncExitHook", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}import { asyncExitHook } from "exit-hook";
asyncExitHook(async () => { await server.close(); }, { wait: 1000 });
`,
    });
    expect(outcomeOf(report, "SD001")).toBe("pass");
  });

  it("passes with NestJS enableShutdownHooks", async () => {
    const report = await analyzeSources({
      "src/main.ts": `import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module.js";
const app = await NestFactory.create(AppModule);
app.enableShutdownHooks();
await app.listen(3000);
`,
      "src/app.module.ts": `export class AppModule {}
`,
    });
    expect(outcomeOf(report, "SD001")).toBe("pass");
  });

  it("passes with CommonJS handlers required from another file", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs-server", bin: { cjs: "bin/server.cjs" } }),
      "bin/server.cjs": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { onShutdown } = require("../lib/shutdown.cjs");
const { Pool } = require("pg");
const pool = new Pool();
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
onShutdown(() => pool.end());
`,
      "lib/shutdown.cjs": `function onShutdown(fn) {
  process.on("SIGTERM", fn);
  process.on("SIGINT", fn);
}
module.exports = { onShutdown };
`,
    });
    expect(outcomeOf(report, "SD001")).toBe("pass");
  });

  it("reports the careless one of two entry points", async () => {
    const report = await analyzeSources({
      "src/stdio.ts": `${STDIO_SERVER}process.once("SIGTERM", () => server.close());
process.once("SIGINT", () => server.close());
`,
      "src/http.ts": `import express from "express";
const app = express();
const httpServer = app.listen(3000);
`,
    });
    expect(findingsOf(report, "SD001")).toMatchObject([{ severity: "high", file: "src/http.ts", line: 3, column: 20 }]);
  });

  it("is not applicable without an MCP server entry point", async () => {
    const report = await analyzeSources({ "src/util.ts": "export const add = (a: number, b: number) => a + b;\n" });
    expect(resultOf(report, "SD001")).toMatchObject({ outcome: "not_applicable", reason: "no MCP server entry point found" });
  });

  it("is not applicable for a serverless handler", async () => {
    const report = await analyzeSources({
      "api/mcp.ts": `import { createMcpHandler } from "mcp-handler";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
const server = new McpServer({ name: "x", version: "1" });
export default createMcpHandler(() => server.connect(new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })));
`,
    });
    expect(outcomeOf(report, "SD001")).toBe("not_applicable");
  });
});
