import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import puppeteer from "puppeteer";
import { Pool } from "pg";
export const pool = new Pool();
export const browser = await puppeteer.launch({ handleSIGTERM: false });
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
`;

describe("SD005 unbounded-drain", () => {
  it("flags each awaited drain step when nothing bounds the shutdown", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.once("SIGTERM", async () => {
  await browser.close();
  await pool.end();
  process.exitCode = 0;
});
`,
    });
    expect(findingsOf(report, "SD005")).toMatchObject([
      {
        ruleId: "SD005",
        severity: "medium",
        confidence: "high",
        file: "src/index.ts",
        line: 10,
        column: 9,
        message: expect.stringContaining("browser.close"),
      },
      { ruleId: "SD005", severity: "medium", confidence: "high", file: "src/index.ts", line: 11, column: 9 },
    ]);
  });

  it("passes with an unref'd force-exit timer on the path", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}let closing: Promise<void> | undefined;
const shutdown = () => (closing ??= (async () => {
  setTimeout(() => process.exit(1), 1_500).unref();
  await browser.close();
  await pool.end();
})());
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
`,
    });
    expect(findingsOf(report, "SD005")).toHaveLength(0);
    expect(outcomeOf(report, "SD005")).toBe("pass");
  });

  it("passes when a separate SIGTERM listener installs the force-exit timer", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.once("SIGTERM", () => {
  setTimeout(() => process.exit(1), 1_500).unref();
});
process.once("SIGTERM", async () => {
  await pool.end();
});
`,
    });
    expect(outcomeOf(report, "SD005")).toBe("pass");
  });

  it("passes steps each raced against a timer", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}const timeout = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
process.once("SIGTERM", async () => {
  await Promise.race([browser.close(), timeout(1000)]);
  await Promise.race([pool.end(), timeout(500)]);
});
`,
    });
    expect(findingsOf(report, "SD005")).toHaveLength(0);
  });

  it("follows the routine into another file through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { shutdown } from "./lifecycle/index.js";
process.once("SIGTERM", shutdown);
`,
      "src/lifecycle/index.ts": `export { default as shutdown } from "./shutdown.js";
`,
      "src/lifecycle/shutdown.ts": `import { pool } from "../index.js";
export default async function shutdown(): Promise<void> {
  await pool.end();
}
`,
    });
    expect(findingsOf(report, "SD005")).toMatchObject([{ confidence: "high", file: "src/lifecycle/shutdown.ts", line: 3, column: 9 }]);
  });

  it("passes close-with-grace with its default delay", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import closeWithGrace from "close-with-grace";
closeWithGrace(async () => {
  await pool.end();
});
`,
    });
    expect(outcomeOf(report, "SD005")).toBe("pass");
  });

  it("flags close-with-grace with its delay turned off", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import closeWithGrace from "close-with-grace";
closeWithGrace({ delay: false }, async () => {
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD005")).toMatchObject([{ file: "src/index.ts", line: 11, column: 9 }]);
  });

  it("flags stoppable without a grace period (CommonJS)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "index.js" }),
      "index.js": `const http = require("node:http");
const stoppable = require("stoppable");
const server = stoppable(http.createServer());
server.listen(3000);
process.on("SIGTERM", async () => {
  await new Promise((resolve) => server.stop(resolve));
});
`,
    });
    expect(findingsOf(report, "SD005")).toMatchObject([
      { file: "index.js", line: 6, column: 34, message: expect.stringContaining("server.stop") },
    ]);
  });

  it("is not applicable when the shutdown waits for nothing that can hang", async () => {
    const report = await analyzeSources({
      "src/index.ts": `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
process.once("SIGTERM", async () => {
  await server.close();
  process.exitCode = 0;
});
`,
    });
    expect(resultOf(report, "SD005")).toMatchObject({
      outcome: "not_applicable",
      reason: "the shutdown path waits for nothing that can hang",
    });
  });

  it("is not applicable without a shutdown path", async () => {
    const report = await analyzeSources({ "src/index.ts": SERVER });
    expect(resultOf(report, "SD005")).toMatchObject({ outcome: "not_applicable", reason: "no shutdown path found" });
  });
});
