import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const STDIO = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
`;

describe("SD009 resource-left-open", () => {
  it("flags each long-lived handle the shutdown path leaves open, with severity by kind", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { Pool } from "pg";
import Redis from "ioredis";
import puppeteer from "puppeteer";
const pool = new Pool();
const redis = new Redis();
const browser = await puppeteer.launch({ handleSIGTERM: false });
const refresh = setInterval(() => void redis.ping(), 60_000);
process.once("SIGTERM", async () => {
  await server.close();
});
`,
    });
    expect(findingsOf(report, "SD009")).toMatchObject([
      {
        ruleId: "SD009",
        severity: "high",
        confidence: "high",
        file: "src/index.ts",
        line: 8,
        column: 14,
        message: expect.stringContaining("pg Pool"),
      },
      { severity: "medium", confidence: "high", line: 9, column: 15, message: expect.stringContaining("ioredis") },
      { severity: "high", confidence: "high", line: 10, column: 23, message: expect.stringContaining("Puppeteer") },
      { severity: "medium", confidence: "high", line: 11, column: 17, message: expect.stringContaining("setInterval") },
    ]);
  });

  it("passes when every handle is closed, cleared or unref'd", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { Pool } from "pg";
import Redis from "ioredis";
const pool = new Pool();
const redis = new Redis();
const refresh = setInterval(() => void redis.ping(), 60_000);
setInterval(() => console.error("alive"), 30_000).unref();
process.once("SIGTERM", async () => {
  clearInterval(refresh);
  await server.close();
  await redis.quit();
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD009")).toHaveLength(0);
    expect(outcomeOf(report, "SD009")).toBe("pass");
  });

  it("does not count per-request handles closed in finally", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { Client } from "pg";
server.registerTool("query", { description: "q" }, async ({ sql }) => {
  const client = new Client();
  await client.connect();
  try {
    const result = await client.query(sql);
    return { content: [{ type: "text", text: JSON.stringify(result.rows) }] };
  } finally {
    await client.end();
  }
});
`,
    });
    expect(resultOf(report, "SD009")).toMatchObject({ outcome: "not_applicable", reason: "no long-lived handles opened" });
  });

  it("matches a pool exported by default from another module and closed through a barrel", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { shutdown } from "./lifecycle/index.js";
process.once("SIGTERM", () => shutdown());
`,
      "src/db.ts": `import { Pool } from "pg";
const pool = new Pool();
export default pool;
`,
      "src/lifecycle/index.ts": `export { shutdown } from "./shutdown.js";
`,
      "src/lifecycle/shutdown.ts": `import db from "../db.js";
export async function shutdown(): Promise<void> {
  await db.end();
}
`,
    });
    expect(outcomeOf(report, "SD009")).toBe("pass");
  });

  it("flags the pool in its own module when the shutdown in another module forgets it", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { shutdown } from "./lifecycle/index.js";
import "./db.js";
process.once("SIGTERM", () => shutdown());
`,
      "src/db.ts": `import { Pool } from "pg";
export const pool = new Pool();
`,
      "src/lifecycle/index.ts": `export { shutdown } from "./shutdown.js";
`,
      "src/lifecycle/shutdown.ts": `export async function shutdown(): Promise<void> {
  process.exitCode = 0;
}
`,
    });
    expect(findingsOf(report, "SD009")).toMatchObject([{ severity: "high", confidence: "high", file: "src/db.ts", line: 2, column: 21 }]);
  });

  it("flags a handle shared by two entry points when only one of them releases it", async () => {
    const report = await analyzeSources({
      "src/stdio.ts": `${STDIO}import { closeStore } from "./store.js";
process.once("SIGTERM", () => closeStore());
process.once("SIGINT", () => closeStore());
`,
      "src/http.ts": `import express from "express";
import { db } from "./store.js";
const app = express();
app.get("/notes", (req, res) => res.json(db.prepare("select * from notes").all()));
app.listen(3000);
`,
      "src/store.ts": `import Database from "better-sqlite3";
export const db = new Database("notes.db");
export function closeStore(): void {
  db.close();
}
`,
    });
    expect(findingsOf(report, "SD009")).toMatchObject([
      { severity: "high", confidence: "high", file: "src/store.ts", line: 2, column: 19, message: expect.stringContaining("src/http.ts") },
    ]);
  });

  it("cannot determine when the only shutdown handler could not be followed", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { Pool } from "pg";
import { onShutdown } from "shutdown-kit";
const pool = new Pool();
process.once("SIGTERM", onShutdown);
`,
    });
    expect(outcomeOf(report, "SD009")).toBe("could_not_determine");
  });

  it("matches a class field closed by the class's own close method", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { Store } from "./store.js";
const store = new Store();
process.once("SIGTERM", () => store.close());
`,
      "src/store.ts": `import { MongoClient } from "mongodb";
export class Store {
  private readonly client = new MongoClient("mongodb://localhost");
  async close(): Promise<void> {
    await this.client.close();
  }
}
`,
    });
    expect(outcomeOf(report, "SD009")).toBe("pass");
  });

  it("matches a lazily launched browser kept with ??=", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import puppeteer, { type Browser } from "puppeteer";
let browser: Browser | undefined;
export async function getBrowser(): Promise<Browser> {
  browser ??= await puppeteer.launch({ handleSIGTERM: false });
  return browser;
}
process.once("SIGTERM", async () => {
  await browser?.close();
});
`,
    });
    expect(outcomeOf(report, "SD009")).toBe("pass");
  });

  it("flags a spawned child process never killed, and accepts a kill in an exit listener (CommonJS)", async () => {
    const leaked = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { spawn } = require("node:child_process");
const indexer = spawn("indexer", ["--watch"]);
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
process.on("SIGTERM", () => server.close());
`,
    });
    expect(findingsOf(leaked, "SD009")).toMatchObject([{ severity: "high", confidence: "high", file: "server.js", line: 4, column: 17 }]);

    const killed = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { spawn } = require("node:child_process");
const indexer = spawn("indexer", ["--watch"]);
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
process.on("SIGTERM", () => server.close());
process.on("exit", () => indexer.kill());
`,
    });
    expect(outcomeOf(killed, "SD009")).toBe("pass");
  });

  it("does not treat a command run inside a helper as a long-lived child process", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import { spawn } from "node:child_process";
function run(command: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command);
    child.on("close", (code) => resolve(code ?? 1));
  });
}
server.registerTool("build", { description: "build" }, async () => ({ content: [{ type: "text", text: String(await run("make")) }] }));
`,
    });
    expect(outcomeOf(report, "SD009")).toBe("not_applicable");
  });

  it("says so when there is no shutdown path at all", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import mongoose from "mongoose";
await mongoose.connect("mongodb://localhost/app");
`,
    });
    expect(findingsOf(report, "SD009")).toMatchObject([
      { severity: "high", line: 6, column: 7, message: expect.stringContaining("no shutdown path") },
    ]);
  });

  it("accepts mongoose.disconnect() for mongoose.connect()", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import mongoose from "mongoose";
await mongoose.connect("mongodb://localhost/app");
process.once("SIGTERM", async () => {
  await mongoose.disconnect();
});
`,
    });
    expect(outcomeOf(report, "SD009")).toBe("pass");
  });
});
