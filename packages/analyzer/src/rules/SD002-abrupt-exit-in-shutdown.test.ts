import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Pool } from "pg";
export const pool = new Pool();
export const server = new McpServer({ name: "orders", version: "1.0.0" });
await server.connect(new StdioServerTransport());
`;

describe("SD002 abrupt-exit-in-shutdown", () => {
  it("flags process.exit after dropped cleanup promises", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.on("SIGTERM", () => {
  server.close();
  void pool.end();
  process.exit(0);
});
`,
    });
    expect(findingsOf(report, "SD002")).toMatchObject([
      {
        ruleId: "SD002",
        severity: "high",
        confidence: "high",
        file: "src/index.ts",
        line: 10,
        column: 3,
        message: expect.stringContaining("server.close"),
      },
    ]);
    expect(outcomeOf(report, "SD002")).toBe("fail");
  });

  it("flags a stdin end listener that exits while the signal routine cleans up", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.once("SIGTERM", async () => {
  await pool.end();
  process.exitCode = 0;
});
process.stdin.on("end", () => process.exit(0));
`,
    });
    expect(findingsOf(report, "SD002")).toMatchObject([
      { severity: "high", confidence: "medium", file: "src/index.ts", line: 11, column: 31 },
    ]);
  });

  it("does not flag a stdin end exit when the signal routine only closes the MCP server", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.once("SIGINT", async () => {
  await server.close();
  process.exit(0);
});
process.stdin.on("end", () => process.exit(0));
`,
    });
    expect(findingsOf(report, "SD002")).toHaveLength(0);
  });

  it("passes a memoised routine with an unref'd force-exit timer and process.exitCode", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}let closing: Promise<void> | undefined;
function shutdown(reason: string): Promise<void> {
  closing ??= (async () => {
    setTimeout(() => process.exit(1), 1_500).unref();
    try {
      await server.close();
      await pool.end();
    } catch (err) {
      console.error(reason, err);
      process.exitCode = 1;
    }
  })();
  return closing;
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
process.stdin.once("end", () => void shutdown("stdin end"));
process.stdin.once("close", () => void shutdown("stdin close"));
`,
    });
    expect(findingsOf(report, "SD002")).toHaveLength(0);
    expect(outcomeOf(report, "SD002")).toBe("pass");
  });

  it("passes an exit after awaited cleanup, and a second-signal exit guarded by a flag", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}let closing = false;
process.on("SIGTERM", async () => {
  if (closing) process.exit(1);
  closing = true;
  await server.close();
  await pool.end();
  process.exit(0);
});
`,
    });
    expect(findingsOf(report, "SD002")).toHaveLength(0);
  });

  it("does not flag an exit in a finish callback registered before end() (winston's pattern)", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import winston from "winston";
const audit = winston.createLogger({ transports: [new winston.transports.File({ filename: "audit.log" })] });
process.once("SIGTERM", () => {
  audit.on("finish", () => process.exit(0));
  audit.end();
});
`,
    });
    expect(findingsOf(report, "SD002")).toHaveLength(0);
  });

  it("flags an exit in a helper that runs before the cleanup after it", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}function stopServing(): void {
  console.error("stopping");
  process.exit(0);
}
process.once("SIGTERM", async () => {
  stopServing();
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD002")).toMatchObject([
      { confidence: "high", file: "src/index.ts", line: 9, column: 3, message: expect.stringContaining("pool.end") },
    ]);
  });

  it("flags an exit right after the last stdout write on a stdio server", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}process.stdin.once("end", () => {
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/bye" }) + "\\n");
  process.exit(0);
});
`,
    });
    expect(findingsOf(report, "SD002")).toMatchObject([
      { file: "src/index.ts", line: 9, column: 3, message: expect.stringContaining("stdout") },
    ]);
  });

  it("follows the shutdown into another file through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${SERVER}import { shutdown } from "./lifecycle/index.js";
process.once("SIGTERM", () => shutdown());
`,
      "src/lifecycle/index.ts": `export { default as shutdown } from "./shutdown.js";
`,
      "src/lifecycle/shutdown.ts": `import { pool } from "../index.js";
export default function shutdown(): void {
  pool.end();
  process.exit(0);
}
`,
    });
    expect(findingsOf(report, "SD002")).toMatchObject([{ confidence: "high", file: "src/lifecycle/shutdown.ts", line: 4, column: 3 }]);
  });

  it("flags a crash handler that exits while its cleanup is pending (CommonJS)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { Pool } = require("pg");
const pool = new Pool();
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
process.on("uncaughtException", (err) => {
  console.error(err);
  pool.end();
  process.exit(1);
});
`,
    });
    expect(findingsOf(report, "SD002")).toMatchObject([{ file: "server.js", line: 10, column: 3 }]);
  });

  it("does not flag an exit after a synchronous close (better-sqlite3, child.kill)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const Database = require("better-sqlite3");
const { spawn } = require("node:child_process");
const db = new Database("notes.db");
const indexer = spawn("indexer");
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
process.on("SIGINT", () => {
  indexer.kill();
  db.close();
  process.exit(0);
});
`,
    });
    expect(findingsOf(report, "SD002")).toHaveLength(0);
  });

  it("does not flag an exit after ioredis's synchronous disconnect(), but does after an unawaited quit()", async () => {
    const source = (close: string) => `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Redis } from "ioredis";
const redis = new Redis(process.env.REDIS_URL);
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
process.on("SIGTERM", () => {
  ${close};
  process.exit(0);
});
`;
    const synchronous = await analyzeSources({ "src/server.ts": source("redis.disconnect()") });
    expect(findingsOf(synchronous, "SD002")).toHaveLength(0);
    const pending = await analyzeSources({ "src/server.ts": source("redis.quit()") });
    expect(findingsOf(pending, "SD002")).toMatchObject([{ file: "src/server.ts", line: 9 }]);
  });

  it("passes a close-with-grace callback that exits from the close callback", async () => {
    const report = await analyzeSources({
      "src/server.ts": `import http from "node:http";
import closeWithGrace from "close-with-grace";
const server = http.createServer();
server.listen(3000);
closeWithGrace({ delay: 5000 }, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
process.once("SIGUSR2", () => server.close(() => process.exit(0)));
`,
    });
    expect(findingsOf(report, "SD002")).toHaveLength(0);
  });

  it("is not applicable without a shutdown path", async () => {
    const report = await analyzeSources({ "src/index.ts": SERVER });
    expect(resultOf(report, "SD002")).toMatchObject({ outcome: "not_applicable", reason: "no shutdown path found" });
  });
});
