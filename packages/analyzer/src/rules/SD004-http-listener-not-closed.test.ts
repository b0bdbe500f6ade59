import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const EXPRESS_APP = `import express from "express";
import { Pool } from "pg";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
const pool = new Pool();
const app = express();
app.use(express.json());
`;

describe("SD004 http-listener-not-closed", () => {
  it("flags an app.listen server the shutdown path never closes", async () => {
    const report = await analyzeSources({
      "src/http.ts": `${EXPRESS_APP}const httpServer = app.listen(3000);
process.once("SIGTERM", async () => {
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD004")).toMatchObject([
      { ruleId: "SD004", severity: "high", confidence: "high", file: "src/http.ts", line: 7, column: 20 },
    ]);
    expect(outcomeOf(report, "SD004")).toBe("fail");
  });

  it("flags a listener when the program has no shutdown path", async () => {
    const report = await analyzeSources({
      "src/http.ts": `${EXPRESS_APP}app.listen(3000);
`,
    });
    expect(findingsOf(report, "SD004")).toMatchObject([
      { severity: "high", confidence: "high", line: 7, column: 1, message: expect.stringContaining("no shutdown path") },
    ]);
  });

  it("points at the listen call of a createServer server", async () => {
    const leaked = await analyzeSources({
      "src/http.ts": `import http from "node:http";
import { Pool } from "pg";
const pool = new Pool();
const server = http.createServer((req, res) => res.end("ok"));
server.listen(3000);
process.once("SIGTERM", () => pool.end());
`,
    });
    expect(findingsOf(leaked, "SD004")).toMatchObject([{ severity: "high", confidence: "high", file: "src/http.ts", line: 5, column: 1 }]);
  });

  it("cannot determine when the server is handed to a package the analyzer does not know", async () => {
    const opaque = await analyzeSources({
      "src/http.ts": `import http from "node:http";
import { stopEverything } from "shutdown-kit";
const server = http.createServer((req, res) => res.end("ok"));
server.listen(3000);
process.once("SIGTERM", () => stopEverything(server));
`,
    });
    expect(outcomeOf(opaque, "SD004")).toBe("could_not_determine");
  });

  it("passes stop intake, close sessions, close, closeAllConnections at a deadline", async () => {
    const report = await analyzeSources({
      "src/http.ts": `${EXPRESS_APP}const sessions = new Map<string, StreamableHTTPServerTransport>();
app.post("/mcp", async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => crypto.randomUUID() });
  sessions.set(transport.sessionId ?? "", transport);
  await transport.handleRequest(req, res, req.body);
});
const httpServer = app.listen(3000);
let closing: Promise<void> | undefined;
function shutdown(): Promise<void> {
  closing ??= (async () => {
    const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await Promise.allSettled([...sessions.values()].map((transport) => transport.close()));
    const cut = setTimeout(() => httpServer.closeAllConnections(), 5_000);
    await closed;
    clearTimeout(cut);
    await pool.end();
  })();
  return closing;
}
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
`,
    });
    expect(findingsOf(report, "SD004")).toHaveLength(0);
    expect(outcomeOf(report, "SD004")).toBe("pass");
  });

  it("flags stateful session transports that are never closed and never cut", async () => {
    const report = await analyzeSources({
      "src/http.ts": `${EXPRESS_APP}const transports: Record<string, StreamableHTTPServerTransport> = {};
app.post("/mcp", async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => crypto.randomUUID() });
  transports[transport.sessionId] = transport;
  await transport.handleRequest(req, res, req.body);
});
const httpServer = app.listen(3000);
process.once("SIGTERM", async () => {
  await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  await pool.end();
});
`,
    });
    expect(findingsOf(report, "SD004")).toMatchObject([
      { severity: "high", confidence: "medium", file: "src/http.ts", line: 7, column: 7 },
    ]);
  });

  it("follows the close into a helper module through a barrel and a default export", async () => {
    const report = await analyzeSources({
      "src/http.ts": `import http from "node:http";
import { closeServer } from "./lifecycle/index.js";
const server = http.createServer((req, res) => res.end("ok"));
server.listen(3000);
process.once("SIGTERM", () => closeServer(server));
process.once("SIGINT", () => closeServer(server));
`,
      "src/lifecycle/index.ts": `export { default as closeServer } from "./close-server.js";
`,
      "src/lifecycle/close-server.ts": `import type { Server } from "node:http";
export default function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
`,
    });
    expect(outcomeOf(report, "SD004")).toBe("pass");
  });

  it("passes a CommonJS server closed with a callback", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "index.js" }),
      "index.js": `const http = require("node:http");
const server = http.createServer((req, res) => res.end("ok"));
server.listen(3000);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`,
    });
    expect(outcomeOf(report, "SD004")).toBe("pass");
  });

  it("passes @godaddy/terminus", async () => {
    const report = await analyzeSources({
      "src/http.ts": `import http from "node:http";
import { createTerminus } from "@godaddy/terminus";
const server = http.createServer();
createTerminus(server, { signals: ["SIGTERM", "SIGINT"], timeout: 5000, onSignal: async () => {} });
server.listen(3000);
`,
    });
    expect(outcomeOf(report, "SD004")).toBe("pass");
  });

  it("passes http-terminator", async () => {
    const report = await analyzeSources({
      "src/http.ts": `import http from "node:http";
import { createHttpTerminator } from "http-terminator";
const server = http.createServer();
server.listen(3000);
const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: 3000 });
process.once("SIGTERM", async () => {
  await terminator.terminate();
});
`,
    });
    expect(outcomeOf(report, "SD004")).toBe("pass");
  });

  it("passes stoppable", async () => {
    const report = await analyzeSources({
      "src/http.ts": `import http from "node:http";
import stoppable from "stoppable";
const server = stoppable(http.createServer(), 5000);
server.listen(3000);
process.once("SIGTERM", () => server.stop());
`,
    });
    expect(outcomeOf(report, "SD004")).toBe("pass");
  });

  it("passes Fastify closed from close-with-grace", async () => {
    const report = await analyzeSources({
      "src/server.ts": `import Fastify from "fastify";
import closeWithGrace from "close-with-grace";
const app = Fastify();
await app.listen({ port: 3000 });
closeWithGrace({ delay: 5000 }, async () => {
  await app.close();
});
`,
    });
    expect(outcomeOf(report, "SD004")).toBe("pass");
  });

  it("is not applicable for a stdio-only server", async () => {
    const report = await analyzeSources({
      "src/index.ts": `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
`,
    });
    expect(resultOf(report, "SD004")).toMatchObject({ outcome: "not_applicable", reason: "stdio-only server" });
  });
});
