import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Pool } from "pg";
export const pool = new Pool();
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
`;

describe("SD018 async-cleanup-in-exit-event", () => {
  it("flags an awaited close inside an exit listener", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.on("exit", async () => {
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD018")).toMatchObject([
      {
        ruleId: "SD018",
        severity: "medium",
        confidence: "high",
        file: "src/index.ts",
        line: 7,
        column: 1,
        message: expect.stringContaining("pool.end()"),
      },
    ]);
    expect(outcomeOf(report, "SD018")).toBe("fail");
  });

  it("flags an async exit listener whose work the analyzer cannot see", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { flushAll } from "log-kit";
process.on("exit", async () => {
  await flushAll();
});
`,
    });
    expect(findingsOf(report, "SD018")).toMatchObject([
      { confidence: "high", line: 8, column: 1, message: expect.stringContaining("async") },
    ]);
  });

  it("passes an exit listener doing synchronous work only", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
const indexer = spawn("indexer");
process.on("exit", (code) => {
  indexer.kill();
  writeFileSync("/tmp/last-exit", String(code));
});
process.once("SIGTERM", async () => {
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD018")).toHaveLength(0);
    expect(outcomeOf(report, "SD018")).toBe("pass");
  });

  it("follows the exit listener into another file through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { releaseAll } from "./lifecycle/index.js";
process.on("exit", () => releaseAll());
`,
      "src/lifecycle/index.ts": `export { default as releaseAll } from "./release.js";
`,
      "src/lifecycle/release.ts": `import { pool } from "../index.js";
export default function releaseAll(): void {
  pool.end();
}
`,
    });
    expect(findingsOf(report, "SD018")).toMatchObject([
      { file: "src/index.ts", line: 8, column: 1, message: expect.stringContaining("line 3 of src/lifecycle/release.ts") },
    ]);
  });

  it("flags beforeExit as the only cleanup trigger (CommonJS)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const Redis = require("ioredis");
const redis = new Redis();
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
process.on("beforeExit", async () => {
  await redis.quit();
});
`,
    });
    expect(findingsOf(report, "SD018")).toMatchObject([
      { confidence: "high", file: "server.js", line: 7, column: 1, message: expect.stringContaining("beforeExit") },
    ]);
  });

  it("passes beforeExit next to a signal routine", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.on("beforeExit", async () => {
  await pool.end();
});
process.once("SIGTERM", async () => {
  await pool.end();
});
`,
    });
    expect(outcomeOf(report, "SD018")).toBe("pass");
  });

  it("cannot determine when the exit listener is not project code", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { onExit } from "exit-kit";
process.on("exit", onExit);
`,
    });
    expect(outcomeOf(report, "SD018")).toBe("could_not_determine");
  });

  it("is not applicable without exit or beforeExit listeners", async () => {
    const report = await analyzeSources({ "src/index.ts": SERVER });
    expect(resultOf(report, "SD018")).toMatchObject({ outcome: "not_applicable", reason: "no exit or beforeExit listeners" });
  });
});
