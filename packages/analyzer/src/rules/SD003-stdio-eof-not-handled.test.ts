import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const IMPORTS = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
`;

describe("SD003 stdio-eof-not-handled", () => {
  it("is critical when a stdio server with live handles relies on onclose alone, at its connect call", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { Pool } from "pg";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
const refresh = setInterval(() => void pool.query("select 1"), 60_000);
const transport = new StdioServerTransport();
transport.onclose = () => {
  clearInterval(refresh);
  void pool.end();
};
await server.connect(transport);
`,
    });
    const [finding, ...rest] = findingsOf(report, "SD003");
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: "SD003", severity: "critical", confidence: "high", file: "src/index.ts", line: 12, column: 7 });
    expect(finding?.message).toContain("pg Pool");
    expect(finding?.message).toContain("setInterval");
  });

  it("passes a stdio-only server that holds no live handles", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}const server = new McpServer({ name: "echo", version: "1.0.0" });
server.registerTool("echo", { description: "echo" }, async ({ text }) => ({ content: [{ type: "text", text }] }));
await server.connect(new StdioServerTransport());
`,
    });
    expect(resultOf(report, "SD003")).toMatchObject({ outcome: "pass", reason: "holds no live handles; exits by itself on EOF" });
  });

  it("passes when an unref'd interval and per-request browsers closed in finally are the only handles", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import puppeteer from "puppeteer";
const server = new McpServer({ name: "shots", version: "1.0.0" });
setInterval(() => console.error("alive"), 30_000).unref();
server.registerTool("screenshot", { description: "shot" }, async ({ url }) => {
  const browser = await puppeteer.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return { content: [{ type: "text", text: await page.title() }] };
  } finally {
    await browser.close();
  }
});
await server.connect(new StdioServerTransport());
`,
    });
    expect(outcomeOf(report, "SD003")).toBe("pass");
  });

  it("passes when stdin end and close reach the shutdown through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { Pool } from "pg";
import { watchStdin } from "./lifecycle/index.js";
export const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport());
watchStdin(async () => {
  await server.close();
  await pool.end();
});
`,
      "src/lifecycle/index.ts": `export { default as watchStdin } from "./stdin.js";
`,
      "src/lifecycle/stdin.ts": `export default function watchStdin(shutdown: () => Promise<void>): void {
  process.stdin.once("end", () => void shutdown());
  process.stdin.once("close", () => void shutdown());
}
`,
    });
    expect(findingsOf(report, "SD003")).toHaveLength(0);
    expect(outcomeOf(report, "SD003")).toBe("pass");
  });

  it("passes when a readline interface over stdin starts the shutdown on close", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { Pool } from "pg";
import { createInterface } from "node:readline";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport());
const lines = createInterface({ input: process.stdin });
lines.on("close", async () => {
  await server.close();
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD003")).toEqual([]);
    expect(outcomeOf(report, "SD003")).toBe("pass");
  });

  it("does not take a readline interface over another stream for stdin", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { Pool } from "pg";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport());
createInterface({ input: createReadStream("seed.txt") }).on("close", () => void pool.end());
`,
    });
    expect(outcomeOf(report, "SD003")).toBe("fail");
  });

  it("passes a CommonJS server whose stdin listeners call the shutdown directly", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", bin: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const Redis = require("ioredis");
const redis = new Redis();
const server = new McpServer({ name: "cache", version: "1.0.0" });
server.connect(new StdioServerTransport());
async function shutdown() {
  await server.close();
  await redis.quit();
}
process.stdin.on("end", shutdown);
process.stdin.on("close", shutdown);
`,
    });
    expect(outcomeOf(report, "SD003")).toBe("pass");
  });

  it("reports a low finding when only stdin end is handled", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { Pool } from "pg";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport());
process.stdin.on("end", async () => {
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD003")).toMatchObject([
      { severity: "low", confidence: "medium", file: "src/index.ts", line: 7, column: 1 },
    ]);
  });

  it("is high when nothing holds the process but the signal routine flushes telemetry", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { NodeSDK } from "@opentelemetry/sdk-node";
const sdk = new NodeSDK();
sdk.start();
const server = new McpServer({ name: "traced", version: "1.0.0" });
await server.connect(new StdioServerTransport());
process.once("SIGTERM", async () => {
  await sdk.shutdown();
});
`,
    });
    expect(findingsOf(report, "SD003")).toMatchObject([
      { severity: "high", confidence: "medium", file: "src/index.ts", line: 7, column: 7 },
    ]);
  });

  it("cannot determine when the stdin listener is not project code", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { Pool } from "pg";
import { onEof } from "eof-helper";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport());
process.stdin.on("end", onEof);
`,
    });
    expect(outcomeOf(report, "SD003")).toBe("could_not_determine");
  });

  it("passes with a parent-death watchdog", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${IMPORTS}import { Pool } from "pg";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport());
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void pool.end().then(() => process.exit(0));
}, 1_000).unref();
`,
    });
    expect(outcomeOf(report, "SD003")).toBe("pass");
  });

  describe("a transport built on its own streams: new StdioServerTransport(input, output)", () => {
    it("is critical when only process.stdin is watched but the transport reads a socket, at the transport", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${IMPORTS}import { connect } from "node:net";
import { Pool } from "pg";
const pool = new Pool();
const socket = connect("/run/mcp.sock");
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport(socket, socket));
async function shutdown(): Promise<void> {
  await server.close();
  await pool.end();
}
process.stdin.once("end", shutdown);
process.stdin.once("close", shutdown);
`,
      });
      const [finding, ...rest] = findingsOf(report, "SD003");
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({
        ruleId: "SD003",
        severity: "critical",
        confidence: "high",
        file: "src/index.ts",
        line: 8,
        column: 22,
      });
      expect(finding?.message).toContain("The stdio transport reads `socket`, not process.stdin");
      expect(finding?.message).toContain("pg Pool");
    });

    it("passes when the transport's own stream starts the shutdown on end and close", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${IMPORTS}import { connect } from "node:net";
import { Pool } from "pg";
const pool = new Pool();
const socket = connect("/run/mcp.sock");
const server = new McpServer({ name: "catalog", version: "1.0.0" });
const transport = new StdioServerTransport(socket, socket);
await server.connect(transport);
async function shutdown(): Promise<void> {
  await server.close();
  await pool.end();
}
socket.once("end", shutdown);
socket.once("close", shutdown);
`,
      });
      expect(findingsOf(report, "SD003")).toEqual([]);
      expect(outcomeOf(report, "SD003")).toBe("pass");
    });

    it("passes a CommonJS server whose input stream is a child's stdout watched through readline", async () => {
      const report = await analyzeSources({
        "package.json": JSON.stringify({ name: "bridge", bin: "server.js" }),
        "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { spawn } = require("node:child_process");
const { createInterface } = require("node:readline");
const Redis = require("ioredis");
const redis = new Redis();
const child = spawn("mcp-upstream", [], { stdio: ["pipe", "pipe", "inherit"] });
const server = new McpServer({ name: "bridge", version: "1.0.0" });
server.connect(new StdioServerTransport(child.stdout, child.stdin));
const upstream = createInterface({ input: child.stdout });
upstream.on("close", async () => {
  await server.close();
  await redis.quit();
  child.kill();
});
`,
      });
      expect(findingsOf(report, "SD003")).toEqual([]);
      expect(outcomeOf(report, "SD003")).toBe("pass");
    });

    it("reports a low finding in JavaScript when the stream's end is handled but not its close", async () => {
      const report = await analyzeSources({
        "src/index.js": `${IMPORTS}import { PassThrough } from "node:stream";
import { Pool } from "pg";
const pool = new Pool();
export const input = new PassThrough();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport(input, process.stdout));
input.on("end", () => void pool.end());
`,
      });
      expect(findingsOf(report, "SD003")).toMatchObject([
        { severity: "low", confidence: "medium", file: "src/index.js", line: 9, column: 1 },
      ]);
      expect(findingsOf(report, "SD003")[0]?.message).toContain("`input` `end` starts the shutdown, but `close` does not");
    });

    it("counts stdin's own listeners when stdin is piped into the transport's stream", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${IMPORTS}import { PassThrough } from "node:stream";
import { Pool } from "pg";
const pool = new Pool();
const input = process.stdin.pipe(new PassThrough());
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport(input, process.stdout));
const shutdown = async () => {
  await server.close();
  await pool.end();
};
process.stdin.once("end", shutdown);
process.stdin.once("close", shutdown);
`,
      });
      expect(findingsOf(report, "SD003")).toEqual([]);
      expect(outcomeOf(report, "SD003")).toBe("pass");
    });

    it("treats process.stdin passed explicitly as stdin", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${IMPORTS}import { Pool } from "pg";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport(process.stdin, process.stdout));
process.stdin.once("end", () => void pool.end());
process.stdin.once("close", () => void pool.end());
`,
      });
      expect(outcomeOf(report, "SD003")).toBe("pass");
    });

    it("cannot determine, with the reason, when the transport's stream cannot be followed", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${IMPORTS}import { Pool } from "pg";
import { openInput } from "./input.js";
const pool = new Pool();
const server = new McpServer({ name: "catalog", version: "1.0.0" });
await server.connect(new StdioServerTransport(openInput(), process.stdout));
`,
        "src/input.ts": `import { PassThrough } from "node:stream";
export function openInput() {
  return new PassThrough();
}
`,
      });
      expect(findingsOf(report, "SD003")).toEqual([]);
      expect(resultOf(report, "SD003")).toMatchObject({
        outcome: "could_not_determine",
        reason: "the stdio transport at src/index.ts:7 reads `openInput()`, a stream Lastcall cannot follow to its end/close listeners",
      });
    });
  });

  it("is not applicable for an HTTP-only server", async () => {
    const report = await analyzeSources({
      "src/http.ts": `import express from "express";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
const app = express();
app.listen(3000);
`,
    });
    expect(resultOf(report, "SD003")).toMatchObject({ outcome: "not_applicable", reason: "no stdio transport" });
  });
});
