import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, source } from "../test-support/analyze-sources.js";

const RULE = "SD010";

const STDIO_SERVER = [
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
  'import pino from "pino";',
  "",
  'const server = new McpServer({ name: "notes", version: "1.0.0" });',
  "await server.connect(new StdioServerTransport());",
];
const ASYNC_PINO = 'const logger = pino(pino.destination({ dest: "/var/log/notes-mcp.log", sync: false }));';

describe("SD010 logs-not-flushed", () => {
  it("flags process.exit() after logging to a pino destination with sync:false and no flush", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        ASYNC_PINO,
        "",
        'process.on("SIGTERM", async () => {',
        '  logger.info("shutting down");',
        "  await server.close();",
        "  process.exit(0);",
        "});",
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: "src/index.ts", line: 7, column: 16, severity: "medium", confidence: "high" });
    expect(finding?.message).toContain("process.exit() at src/index.ts:12 ends the process before this buffered pino logger is flushed");
  });

  it("passes when the pino flush is awaited through its callback before the exit", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        ASYNC_PINO,
        "",
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  await new Promise<void>((resolve) => logger.flush(() => resolve()));",
        "  process.exit(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "pass", reason: "every exit waits for the log sinks to flush" });
  });

  it("flags a pino transport flushed without waiting before the exit", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        'const logger = pino({ transport: { target: "pino/file", options: { destination: "/var/log/notes.log" } } });',
        "",
        'process.once("SIGINT", async () => {',
        "  await server.close();",
        "  logger.flush();",
        "  process.exit(0);",
        "});",
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 7, column: 16, severity: "medium" });
    expect(finding?.message).toContain(
      "process.exit() at src/index.ts:12 does not wait for the flush of this pino logger at src/index.ts:11",
    );
  });

  it("flags an uncaughtException handler that logs the crash and exits at once", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        ASYNC_PINO,
        "",
        'process.on("uncaughtException", (error) => {',
        '  logger.fatal({ err: error }, "crashed");',
        "  process.exit(1);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      { line: 7, column: 16, severity: "medium", message: expect.stringContaining("at src/index.ts:11") },
    ]);
  });

  it("flags close-with-grace, which exits after a callback that never flushes the log", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        ASYNC_PINO,
        'import closeWithGrace from "close-with-grace";',
        "",
        "closeWithGrace({ delay: 1500 }, async () => {",
        "  await server.close();",
        "});",
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 7, column: 16 });
    expect(finding?.message).toContain("close-with-grace's exit after its callback at src/index.ts:10");
  });

  it("passes close-with-grace when its callback awaits the flush", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        ASYNC_PINO,
        'import closeWithGrace from "close-with-grace";',
        "",
        "closeWithGrace({ delay: 1500 }, async () => {",
        "  await server.close();",
        "  await new Promise((resolve) => logger.flush(resolve));",
        "});",
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("rates an unflushed winston audit log high (CommonJS, File transport)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "ledger-mcp", main: "src/server.js" }),
      "src/server.js": source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const winston = require("winston");',
        "",
        "const audit = winston.createLogger({",
        '  transports: [new winston.transports.File({ filename: "/var/log/ledger-audit.log" })],',
        "});",
        'const server = new McpServer({ name: "ledger", version: "1.0.0" });',
        "server.connect(new StdioServerTransport());",
        "",
        'process.on("SIGTERM", () => {',
        '  audit.info("shutdown requested");',
        "  process.exit(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      {
        file: "src/server.js",
        line: 5,
        column: 15,
        severity: "high",
        confidence: "high",
        message: expect.stringContaining("at src/server.js:13"),
      },
    ]);
  });

  it("passes winston's documented pattern: exit on the logger's finish event after end()", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const winston = require("winston");',
        "",
        "const audit = winston.createLogger({",
        '  transports: [new winston.transports.File({ filename: "/var/log/ledger-audit.log" })],',
        "});",
        'const server = new McpServer({ name: "ledger", version: "1.0.0" });',
        "server.connect(new StdioServerTransport());",
        "",
        'process.once("SIGTERM", () => {',
        '  audit.on("finish", () => process.exit(0));',
        "  audit.end();",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags an audit write stream whose end() is not awaited, across modules", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
        'import { shutdown } from "./lifecycle/shutdown.js";',
        "",
        'const server = new McpServer({ name: "ledger", version: "1.0.0" });',
        "await server.connect(new StdioServerTransport());",
        'process.once("SIGTERM", () => void shutdown(server));',
      ),
      "src/audit.ts": source(
        'import { createWriteStream } from "node:fs";',
        "",
        'export const auditStream = createWriteStream("/var/log/ledger-audit.log", { flags: "a" });',
      ),
      "src/lifecycle/shutdown.ts": source(
        'import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'import { auditStream } from "../audit.js";',
        "",
        "export async function shutdown(server: McpServer): Promise<void> {",
        "  await server.close();",
        "  auditStream.end();",
        "  process.exit(0);",
        "}",
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ file: "src/audit.ts", line: 3, column: 28, severity: "high" });
    expect(finding?.message).toContain(
      "process.exit() at src/lifecycle/shutdown.ts:7 does not wait for the flush of this file write stream at src/lifecycle/shutdown.ts:6",
    );
  });

  it("does not judge the second-signal escape hatch, which SD015 asks for", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        ASYNC_PINO,
        "let closing = false;",
        'process.on("SIGTERM", async () => {',
        "  if (closing) process.exit(1);",
        "  closing = true;",
        "  await server.close();",
        "  await new Promise<void>((resolve) => logger.flush(() => resolve()));",
        "  process.exitCode = 0;",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("reports a pino logger and the transport it is built with once", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        'const logger = pino({ level: "info" }, pino.transport({ target: "pino-opentelemetry-transport" }));',
        'process.on("SIGTERM", () => {',
        '  logger.info("bye");',
        "  process.exit(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ line: 7, column: 16 }]);
  });

  it("passes a buffered sink when no path calls process.exit()", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        ASYNC_PINO,
        "",
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  process.exitCode = 0;",
        "});",
      ),
    });
    expect(resultOf(report, RULE)).toMatchObject({
      outcome: "pass",
      reason: expect.stringContaining("no shutdown or crash path calls process.exit()"),
    });
  });

  it("is not applicable when logs are written synchronously (pino to stdout by default)", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        "const logger = pino();",
        'process.on("SIGTERM", () => {',
        '  logger.info("bye");',
        "  process.exit(0);",
        "});",
      ),
    });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: expect.stringContaining("no buffered log sink") });
  });
});
