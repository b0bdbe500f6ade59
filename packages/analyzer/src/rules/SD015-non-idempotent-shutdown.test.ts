import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Pool } from "pg";
export const pool = new Pool();
export const server = new McpServer({ name: "x", version: "1" });
export const transport = new StdioServerTransport();
await server.connect(transport);
`;

describe("SD015 non-idempotent-shutdown", () => {
  it("flags one unguarded routine bound to SIGTERM and SIGINT with on", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}async function shutdown(): Promise<void> {
  await server.close();
  await pool.end();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
`,
    });
    expect(findingsOf(report, "SD015")).toMatchObject([
      {
        ruleId: "SD015",
        severity: "medium",
        confidence: "high",
        file: "src/index.ts",
        line: 12,
        column: 1,
        message: expect.stringContaining("SIGTERM, SIGINT"),
      },
    ]);
    expect(outcomeOf(report, "SD015")).toBe("fail");
  });

  it("flags a loop over signals with a wrapper arrow, once", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}async function shutdown(signal: string): Promise<void> {
  console.error(signal);
  await pool.end();
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => shutdown(signal));
`,
    });
    expect(findingsOf(report, "SD015")).toMatchObject([{ severity: "medium", line: 12, column: 45 }]);
  });

  it("flags stdin end and close both running an unguarded routine (JavaScript, CommonJS)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const Redis = require("ioredis");
const redis = new Redis();
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
async function shutdown() {
  await redis.quit();
}
process.stdin.on("end", shutdown);
process.stdin.on("close", shutdown);
`,
    });
    expect(findingsOf(report, "SD015")).toMatchObject([
      { file: "server.js", line: 10, column: 1, message: expect.stringContaining("end, close") },
    ]);
  });

  it("passes once-registered triggers and a routine whose guard forces the exit", async () => {
    const onceReport = await analyzeSources({
      "src/index.ts": `${SERVER}async function shutdown(): Promise<void> {
  await pool.end();
}
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
`,
    });
    expect(outcomeOf(onceReport, "SD015")).toBe("pass");

    const guardReport = await analyzeSources({
      "src/index.ts": `${SERVER}let closing = false;
async function shutdown(): Promise<void> {
  if (closing) process.exit(1);
  closing = true;
  await pool.end();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
`,
    });
    expect(findingsOf(guardReport, "SD015")).toHaveLength(0);
  });

  it("reports low when a memoised routine ignores a second signal", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}let closing: Promise<void> | undefined;
function shutdown(): Promise<void> {
  closing ??= pool.end();
  return closing;
}
process.on("SIGTERM", () => shutdown());
`,
    });
    expect(findingsOf(report, "SD015")).toMatchObject([{ severity: "low", confidence: "medium", line: 13, column: 1 }]);
  });

  it("reports one low finding for a class whose guarded routine both signals reach with on", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { Lifecycle } from "./lifecycle.js";
new Lifecycle().start();
`,
      "src/lifecycle.ts": `import { pool } from "./index.js";
export class Lifecycle {
  private closing = false;
  start(): void {
    process.on("SIGTERM", () => this.stop());
    process.on("SIGINT", () => this.stop());
  }
  async stop(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await pool.end();
  }
}
`,
    });
    expect(findingsOf(report, "SD015")).toMatchObject([
      {
        severity: "low",
        confidence: "medium",
        file: "src/lifecycle.ts",
        line: 5,
        column: 5,
        message: expect.stringContaining("SIGTERM or SIGINT"),
      },
    ]);
  });

  it("flags transport.close() inside that transport's own onclose", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}transport.onclose = async () => {
  await pool.end();
  await transport.close();
};
`,
    });
    expect(findingsOf(report, "SD015")).toMatchObject([
      { severity: "medium", confidence: "high", line: 10, column: 9, message: expect.stringContaining("transport.onclose") },
    ]);
  });

  it("follows a routine shared across files through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { shutdown } from "./lifecycle/index.js";
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
`,
      "src/lifecycle/index.ts": `export { default as shutdown } from "./shutdown.js";
`,
      "src/lifecycle/shutdown.ts": `import { pool } from "../index.js";
export default async function shutdown(): Promise<void> {
  await pool.end();
}
`,
    });
    expect(findingsOf(report, "SD015")).toMatchObject([{ file: "src/index.ts", line: 9, column: 1 }]);
  });

  it("passes a routine run by close-with-grace, which runs its callback once", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import closeWithGrace from "close-with-grace";
closeWithGrace(async () => { await pool.end(); });
`,
    });
    expect(resultOf(report, "SD015")).toMatchObject({
      outcome: "pass",
      reason: "shutdown runs through close-with-grace, which runs its callback once",
    });
  });

  it("is not applicable without any shutdown routine", async () => {
    const report = await analyzeSources({ "src/index.ts": SERVER });
    expect(resultOf(report, "SD015")).toMatchObject({ outcome: "not_applicable", reason: "no shutdown routine found" });
  });
});
