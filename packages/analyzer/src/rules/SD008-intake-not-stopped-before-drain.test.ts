import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const STDIO_SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Pool } from "pg";
export const pool = new Pool();
export const server = new McpServer({ name: "orders", version: "1.0.0" });
await server.connect(new StdioServerTransport());
`;

describe("SD008 intake-not-stopped-before-drain", () => {
  it("flags a database released before the MCP server stops taking requests", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", async () => {
  await pool.end();
  await server.close();
});
`,
    });
    expect(findingsOf(report, "SD008")).toMatchObject([
      {
        ruleId: "SD008",
        severity: "medium",
        confidence: "high",
        file: "src/index.ts",
        line: 8,
        column: 9,
        message: expect.stringContaining("pg Pool"),
      },
    ]);
    expect(outcomeOf(report, "SD008")).toBe("fail");
  });

  it("passes when the server closes before the database", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", async () => {
  await server.close();
  await pool.end();
});
`,
    });
    expect(outcomeOf(report, "SD008")).toBe("pass");
  });

  it("passes when a shutting-down flag refuses requests before the release", async () => {
    const report = await analyzeSources({
      "src/http.ts": `import express from "express";
import Redis from "ioredis";
const redis = new Redis();
let draining = false;
const app = express();
app.use((req, res, next) => (draining ? res.status(503).end() : next()));
const httpServer = app.listen(3000);
process.once("SIGTERM", async () => {
  draining = true;
  await redis.quit();
  httpServer.close();
});
`,
    });
    expect(outcomeOf(report, "SD008")).toBe("pass");
  });

  it("flags a cache released before the HTTP listener closes (CommonJS)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const express = require("express");
const Redis = require("ioredis");
const redis = new Redis();
const app = express();
const httpServer = app.listen(3000);
process.on("SIGTERM", async () => {
  await redis.quit();
  httpServer.close();
});
`,
    });
    expect(findingsOf(report, "SD008")).toMatchObject([
      { file: "server.js", line: 7, column: 9, message: expect.stringContaining("ioredis") },
    ]);
  });

  it("follows the routine into another file through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}import { shutdown } from "./lifecycle/index.js";
process.once("SIGINT", () => shutdown());
`,
      "src/lifecycle/index.ts": `export { default as shutdown } from "./shutdown.js";
`,
      "src/lifecycle/shutdown.ts": `import { pool, server } from "../index.js";
export default async function shutdown(): Promise<void> {
  await pool.end();
  await server.close();
}
`,
    });
    expect(findingsOf(report, "SD008")).toMatchObject([{ confidence: "high", file: "src/lifecycle/shutdown.ts", line: 3, column: 9 }]);
  });

  it("passes @godaddy/terminus, which stops the listener before onSignal runs", async () => {
    const report = await analyzeSources({
      "src/http.ts": `import http from "node:http";
import { createTerminus } from "@godaddy/terminus";
import { Pool } from "pg";
const pool = new Pool();
const server = http.createServer();
createTerminus(server, { signals: ["SIGTERM", "SIGINT"], onSignal: async () => { await pool.end(); } });
server.listen(3000);
`,
    });
    expect(outcomeOf(report, "SD008")).toBe("pass");
  });

  it("cannot determine when something it cannot identify is closed before the release", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}import { startApi } from "api-kit";
const api = await startApi();
process.once("SIGTERM", async () => {
  await api.close();
  await pool.end();
});
`,
    });
    expect(outcomeOf(report, "SD008")).toBe("could_not_determine");
  });

  it("does not judge the stdin EOF path: intake has already ended there", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}process.stdin.once("end", async () => {
  await pool.end();
  await server.close();
});
`,
    });
    expect(resultOf(report, "SD008")).toMatchObject({ outcome: "not_applicable", reason: "no signal or library shutdown path found" });
  });

  it("is not applicable when the shutdown releases no backend", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", async () => {
  await server.close();
});
`,
    });
    expect(outcomeOf(report, "SD008")).toBe("not_applicable");
  });
  describe("promise chains: steps in .then/.finally order, .catch handlers as alternatives", () => {
    it("passes server.close().then(() => pool.end()): intake closes first", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", () => {
  void server.close().then(() => pool.end());
});
`,
      });
      expect(findingsOf(report, "SD008")).toEqual([]);
      expect(outcomeOf(report, "SD008")).toBe("pass");
    });

    it("flags pool.end().then(() => server.close()): the pool goes before intake stops", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", () => {
  void pool.end().then(() => server.close());
});
`,
      });
      expect(findingsOf(report, "SD008")).toMatchObject([
        { ruleId: "SD008", confidence: "high", file: "src/index.ts", line: 8, column: 8, message: expect.stringContaining("`pool.end`") },
      ]);
    });

    it("follows handlers passed by name, in JavaScript: .then(closePool) after server.close()", async () => {
      const chain = (body: string) => ({
        "src/index.js": `${STDIO_SERVER}const closePool = () => pool.end();
const closeServer = () => server.close();
process.once("SIGTERM", () => {
  ${body}
});
`,
      });
      const good = await analyzeSources(chain("server.close().then(closePool).finally(() => process.exit(0));"));
      expect(resultOf(good, "SD008")).toMatchObject({ outcome: "pass" });
      const bad = await analyzeSources(chain("Promise.resolve().then(closePool).then(closeServer);"));
      expect(findingsOf(bad, "SD008")).toMatchObject([{ file: "src/index.js", line: 7, column: 25 }]);
    });

    it("does not take a close in a .catch handler for the intake stop of the main path", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", () => {
  void fetch("http://127.0.0.1:9000/deregister")
    .catch(() => server.close())
    .then(() => pool.end());
});
`,
      });
      expect(findingsOf(report, "SD008")).toMatchObject([{ file: "src/index.ts", line: 10, column: 17 }]);
    });

    it("does not take a release in a rejection handler for a release before intake stops", async () => {
      const report = await analyzeSources({
        "src/index.ts": `${STDIO_SERVER}process.once("SIGTERM", () => {
  void fetch("http://127.0.0.1:9000/deregister")
    .then(undefined, () => pool.end())
    .then(() => server.close())
    .then(() => pool.end());
});
`,
      });
      expect(findingsOf(report, "SD008")).toEqual([]);
      expect(outcomeOf(report, "SD008")).toBe("pass");
    });
  });
});
