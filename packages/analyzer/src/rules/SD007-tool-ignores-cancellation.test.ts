import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, source } from "../test-support/analyze-sources.js";

const RULE = "SD007";

const SERVER = [
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
  'import { z } from "zod";',
  "",
  'const server = new McpServer({ name: "web", version: "1.0.0" });',
];
const CONNECT = ["await server.connect(new StdioServerTransport());"];

describe("SD007 tool-ignores-cancellation", () => {
  it("flags a registerTool handler whose fetch never gets the signal (high: unbounded network I/O)", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'server.registerTool("fetch_page", { inputSchema: { url: z.string() } }, async ({ url }) => {',
        "  const response = await fetch(url);",
        '  return { content: [{ type: "text", text: await response.text() }] };',
        "});",
        ...CONNECT,
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: "src/index.ts", line: 6, column: 1, severity: "high", confidence: "high" });
    expect(finding?.message).toContain(
      'Handler "fetch_page" never uses its cancellation signal, so network call fetch() at src/index.ts:7',
    );
  });

  it("passes when extra.signal reaches the fetch", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'server.registerTool("fetch_page", { inputSchema: { url: z.string() } }, async ({ url }, extra) => {',
        "  const response = await fetch(url, { signal: extra.signal });",
        '  return { content: [{ type: "text", text: await response.text() }] };',
        "});",
        ...CONNECT,
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("passes when a destructured signal reaches a helper in another module that hands it to fetch", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'import { getJson } from "./http.js";',
        'server.registerTool("weather", { inputSchema: { city: z.string() } }, async ({ city }, { signal }) => {',
        '  const data = await getJson("https://wttr.in/" + city + "?format=j1", signal);',
        '  return { content: [{ type: "text", text: JSON.stringify(data) }] };',
        "});",
        ...CONNECT,
      ),
      "src/http.ts": source(
        "export async function getJson(url: string, abortSignal: AbortSignal): Promise<unknown> {",
        "  const response = await fetch(url, { signal: abortSignal });",
        "  return response.json();",
        "}",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags a helper in another module that never receives the signal", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'import { getJson } from "./http.js";',
        'server.registerTool("weather", { inputSchema: { city: z.string() } }, async ({ city }) => {',
        '  const data = await getJson("https://wttr.in/" + city + "?format=j1");',
        '  return { content: [{ type: "text", text: JSON.stringify(data) }] };',
        "});",
        ...CONNECT,
      ),
      "src/http.ts": source(
        "export async function getJson(url: string): Promise<unknown> {",
        "  const response = await fetch(url);",
        "  return response.json();",
        "}",
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ file: "src/index.ts", line: 7, column: 1, severity: "high", confidence: "high" });
    expect(finding?.message).toContain("fetch() at src/http.ts:2");
  });

  it("flags a v1 server.tool handler that spawns a subprocess without the signal", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'import { spawn } from "node:child_process";',
        'server.tool("run_tests", { path: z.string() }, async ({ path }, extra) => {',
        '  const child = spawn("npm", ["test", "--", path]);',
        '  const code = await new Promise((resolve) => child.on("exit", resolve));',
        '  return { content: [{ type: "text", text: "exit " + code }] };',
        "});",
        ...CONNECT,
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      { line: 7, column: 1, severity: "high", confidence: "high", message: expect.stringContaining("at src/index.ts:8") },
    ]);
  });

  it("flags an awaited database query in a setRequestHandler(CallToolRequestSchema) handler at medium severity and low confidence", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        'import { Server } from "@modelcontextprotocol/sdk/server/index.js";',
        'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
        'import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";',
        'import pg from "pg";',
        "",
        "const pool = new pg.Pool();",
        'const server = new Server({ name: "db", version: "1.0.0" }, { capabilities: { tools: {} } });',
        "server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {",
        '  const { rows } = await pool.query("select * from orders where id = $1", [request.params.arguments?.id]);',
        '  return { content: [{ type: "text", text: JSON.stringify(rows) }] };',
        "});",
        "await server.connect(new StdioServerTransport());",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      { line: 8, column: 1, severity: "medium", confidence: "low", message: expect.stringContaining("pool.query() at src/index.ts:9") },
    ]);
  });

  it("flags browser navigation without the signal at high severity, medium confidence, and counts the other calls", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'import puppeteer from "puppeteer";',
        "const browser = await puppeteer.launch();",
        'server.registerTool("screenshot", { inputSchema: { url: z.string() } }, async ({ url }) => {',
        "  const page = await browser.newPage();",
        "  await page.goto(url);",
        '  const shot = await page.screenshot({ encoding: "base64" });',
        '  return { content: [{ type: "image", data: shot, mimeType: "image/png" }] };',
        "});",
        ...CONNECT,
      ),
    });
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      line: 8,
      column: 1,
      severity: "high",
      confidence: "medium",
      message: expect.stringContaining("page.goto() at src/index.ts:10"),
    });
    expect(finding?.message).toContain("and 2 more cancellable calls");
  });

  it("flags a CommonJS JavaScript server using axios", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "gh-mcp", bin: { "gh-mcp": "src/server.js" } }),
      "src/server.js": source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const axios = require("axios");',
        "",
        'const server = new McpServer({ name: "gh", version: "1.0.0" });',
        'server.registerTool("repo", { description: "Repository facts" }, async ({ owner, name }) => {',
        '  const { data } = await axios.get("https://api.github.com/repos/" + owner + "/" + name);',
        '  return { content: [{ type: "text", text: JSON.stringify(data) }] };',
        "});",
        "server.connect(new StdioServerTransport());",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ file: "src/server.js", line: 6, column: 1, severity: "high" }]);
  });

  it("passes a signal derived with AbortSignal.any, and a controller aborted from the signal's abort listener", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'server.registerTool("fetch_page", { inputSchema: { url: z.string() } }, async ({ url }, extra) => {',
        "  const signal = AbortSignal.any([extra.signal, AbortSignal.timeout(10_000)]);",
        "  const response = await fetch(url, { signal });",
        '  return { content: [{ type: "text", text: await response.text() }] };',
        "});",
        'server.registerTool("fetch_feed", { inputSchema: { url: z.string() } }, async ({ url }, { signal }) => {',
        "  const controller = new AbortController();",
        '  signal.addEventListener("abort", () => controller.abort(), { once: true });',
        "  const response = await fetch(url, { signal: controller.signal });",
        '  return { content: [{ type: "text", text: await response.text() }] };',
        "});",
        ...CONNECT,
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("passes a handler that hands its signal to a helper, which answers for the calls it makes", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'import { search } from "./db.js";',
        'server.registerTool("search", { inputSchema: { text: z.string() } }, async ({ text }, extra) => {',
        "  const rows = await search(text, extra.signal);",
        '  return { content: [{ type: "text", text: JSON.stringify(rows) }] };',
        "});",
        ...CONNECT,
      ),
      "src/db.ts": source(
        'import pg from "pg";',
        "export const pool = new pg.Pool();",
        "export async function search(text: string, signal: AbortSignal) {",
        "  signal.throwIfAborted();",
        '  const { rows } = await pool.query("select * from notes where body ilike $1", ["%" + text + "%"]);',
        "  return rows;",
        "}",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("cannot determine a handler that reads its signal but does not pass it to the call", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'server.registerTool("fetch_page", { inputSchema: { url: z.string() } }, async ({ url }, extra) => {',
        "  extra.signal.throwIfAborted();",
        "  const response = await fetch(url);",
        '  return { content: [{ type: "text", text: await response.text() }] };',
        "});",
        ...CONNECT,
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(resultOf(report, RULE)).toMatchObject({
      outcome: "could_not_determine",
      reason: expect.stringContaining('"fetch_page" reads its signal'),
    });
  });

  it("passes handlers that do no cancellable work, and is not applicable without handlers", async () => {
    const quiet = await analyzeSources({
      "src/index.ts": source(
        ...SERVER,
        'server.registerTool("add", { inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({',
        '  content: [{ type: "text", text: String(a + b) }],',
        "}));",
        ...CONNECT,
      ),
    });
    expect(resultOf(quiet, RULE)).toMatchObject({
      outcome: "pass",
      reason: expect.stringContaining("no handler makes a cancellable call"),
    });

    const none = await analyzeSources({ "src/index.ts": source(...SERVER, ...CONNECT) });
    expect(resultOf(none, RULE)).toMatchObject({ outcome: "not_applicable", reason: "no MCP tool, resource or prompt handlers found" });
  });
});
