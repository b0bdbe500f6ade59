import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf } from "../test-support/analyze-sources.js";

const STDIO = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
const server = new McpServer({ name: "x", version: "1" });
await server.connect(new StdioServerTransport());
`;

describe("SD019 library-signal-listener-masks-default-exit", () => {
  it("reports info for a Puppeteer launch with default signal handling and no SIGTERM listener", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import puppeteer from "puppeteer";
const browser = await puppeteer.launch();
`,
    });
    expect(findingsOf(report, "SD019")).toMatchObject([
      { ruleId: "SD019", severity: "info", confidence: "high", file: "src/index.ts", line: 6, column: 23 },
    ]);
    expect(outcomeOf(report, "SD019")).toBe("fail");
  });

  it("reports low when other live handles keep running (Playwright, CommonJS)", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "cjs", main: "server.js" }),
      "server.js": `const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");
const { chromium } = require("playwright");
const { Pool } = require("pg");
const pool = new Pool();
const server = new McpServer({ name: "x", version: "1" });
server.connect(new StdioServerTransport());
const ready = chromium.launch({ headless: true });
`,
    });
    expect(findingsOf(report, "SD019")).toMatchObject([
      { severity: "low", confidence: "high", file: "server.js", line: 8, column: 15, message: expect.stringContaining("pg Pool") },
    ]);
  });

  it("passes when the app handles SIGTERM itself, in another module", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import puppeteer from "puppeteer";
import "./signals.js";
export const browser = await puppeteer.launch();
`,
      "src/signals.ts": `import { browser } from "./index.js";
process.once("SIGTERM", async () => {
  await browser.close();
});
`,
    });
    expect(resultOf(report, "SD019")).toMatchObject({ outcome: "pass", reason: "the app handles SIGTERM itself" });
  });

  it("passes when the browser is launched with its signal handling off", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import puppeteer from "puppeteer";
const browser = await puppeteer.launch({ handleSIGTERM: false, handleSIGINT: false, handleSIGHUP: false });
`,
    });
    expect(outcomeOf(report, "SD019")).toBe("pass");
  });

  it("cannot determine when the launch options are built at run time", async () => {
    const report = await analyzeSources({
      "src/index.ts": `${STDIO}import puppeteer from "puppeteer";
import { launchOptions } from "./config.js";
const browser = await puppeteer.launch(launchOptions());
`,
      "src/config.ts": `export const launchOptions = () => ({ headless: true, args: process.env.CHROME_ARGS?.split(" ") ?? [] });
`,
    });
    expect(outcomeOf(report, "SD019")).toBe("could_not_determine");
  });

  it("is not applicable without a launched browser", async () => {
    const report = await analyzeSources({ "src/index.ts": STDIO });
    expect(resultOf(report, "SD019")).toMatchObject({ outcome: "not_applicable", reason: "no Puppeteer or Playwright browser launched" });
  });
});
