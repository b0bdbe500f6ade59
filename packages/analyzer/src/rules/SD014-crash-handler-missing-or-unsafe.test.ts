import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, STDIO_SERVER_LINES, source } from "../test-support/analyze-sources.js";

const RULE = "SD014";

describe("SD014 crash-handler-missing-or-unsafe", () => {
  it("is not applicable with no crash handler and nothing that needs one", async () => {
    const report = await analyzeSources({ "src/index.ts": source(...STDIO_SERVER_LINES) });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: expect.stringContaining("no crash handler") });
  });

  it("flags an uncaughtException handler that only logs and lets the server run on", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'process.on("uncaughtException", (error) => {',
        '  console.error("uncaught", error);',
        "});",
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: "src/index.ts", line: 6, column: 1, severity: "medium", confidence: "medium" });
    expect(finding?.message).toContain("uncaughtException handler neither exits nor shuts down");
  });

  it("passes an unhandledRejection handler that runs the shared shutdown, which exits", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        "async function shutdown(code: number): Promise<void> {",
        "  await server.close();",
        "  process.exit(code);",
        "}",
        'process.on("SIGTERM", () => void shutdown(0));',
        'process.on("unhandledRejection", (reason) => {',
        '  console.error("unhandled rejection", reason);',
        "  void shutdown(1);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("passes a handler that rethrows, which ends the process", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(...STDIO_SERVER_LINES, 'process.on("unhandledRejection", (reason) => {', "  throw reason;", "});"),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags a crash handler that exits at once while pino buffers the crash log", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'import pino from "pino";',
        'const logger = pino(pino.destination({ dest: "/var/log/notes.log", sync: false }));',
        'process.on("uncaughtException", (error) => {',
        '  logger.fatal({ err: error }, "crashed");',
        "  process.exit(1);",
        "});",
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 8, column: 1, severity: "medium", confidence: "high" });
    expect(finding?.message).toContain("exits at src/index.ts:10 without flushing pino");
  });

  it("passes a crash handler that flushes telemetry before exiting non-zero", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'import { NodeSDK } from "@opentelemetry/sdk-node";',
        "const sdk = new NodeSDK();",
        "sdk.start();",
        'process.on("uncaughtException", async (error) => {',
        "  console.error(error);",
        "  await sdk.shutdown();",
        "  process.exit(1);",
        "});",
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("passes close-with-grace, which runs the shutdown and exits non-zero on crashes", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'import closeWithGrace from "close-with-grace";',
        "closeWithGrace({ delay: 1500 }, async ({ err }) => {",
        "  if (err) console.error(err);",
        "  await server.close();",
        "});",
      ),
    });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "pass", reason: expect.stringContaining("close-with-grace") });
  });

  it("flags a winston audit log with no crash path at low severity (CommonJS)", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const winston = require("winston");',
        "",
        "const auditLog = winston.createLogger({",
        '  transports: [new winston.transports.File({ filename: "/var/log/payments-audit.log" })],',
        "});",
        'const server = new McpServer({ name: "payments", version: "1.0.0" });',
        "server.connect(new StdioServerTransport());",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ file: "src/server.js", line: 5, column: 18, severity: "low", confidence: "high" }]);
  });

  it("flags a Vault login with no crash path at low severity", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'import vault from "node-vault";',
        "const client = vault({ endpoint: process.env.VAULT_ADDR });",
        'await client.userpassLogin({ username: "reports", password: process.env.VAULT_PASSWORD });',
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      { line: 8, column: 7, severity: "low", message: expect.stringContaining("userpassLogin()") },
    ]);
  });

  it("follows a crash handler into a helper module that flushes before exiting", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'import { crash } from "./lifecycle.js";',
        'process.on("uncaughtException", (error) => crash(error));',
      ),
      "src/lifecycle.ts": source(
        'import pino from "pino";',
        "",
        'export const logger = pino({ transport: { target: "pino/file", options: { destination: "/var/log/notes.log" } } });',
        "",
        "export async function crash(error: unknown): Promise<void> {",
        '  logger.fatal({ err: error }, "crashed");',
        "  await new Promise((resolve) => logger.flush(resolve));",
        "  process.exit(1);",
        "}",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });
});
