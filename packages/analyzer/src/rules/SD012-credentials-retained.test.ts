import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, STDIO_SERVER_LINES, source } from "../test-support/analyze-sources.js";

const RULE = "SD012";

describe("SD012 credentials-retained", () => {
  it("is not applicable when the project holds no secrets", async () => {
    const report = await analyzeSources({ "src/index.ts": source(...STDIO_SERVER_LINES) });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: "no secrets found" });
  });

  it("flags an API key kept in module state at info severity, saying strings cannot be wiped", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        "const API_KEY = process.env.NOTES_API_KEY;",
        'process.on("SIGTERM", () => void server.close());',
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: "src/index.ts", line: 6, column: 7, severity: "info", confidence: "high" });
    expect(finding?.message).toContain("cannot be wiped");
    expect(resultOf(report, RULE).points).toBe(0);
  });

  it("does not take durations, schemas, labels or test data for credentials", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        "const REFRESH_TOKEN_LIFETIME_SECONDS = 184 * 24 * 60 * 60;",
        "const TOKEN_TIMEOUT = (10 * 60) * 1000;",
        "const tokenResponseSchema = z.object({ access_token: z.string() });",
        'const TOKEN_KEY_INFO = "lastcall session: github token";',
        'process.on("SIGTERM", () => void server.close());',
      ),
      "test/support/webhooks.ts": 'export const WEBHOOK_SECRET = "current-webhook-secret-0123456789";\n',
      "src/oauth.test.ts": 'const TOKEN = "ghs_test";\nexport { TOKEN };\n',
    });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: "no secrets found" });
  });

  it("passes when shutdown drops the token reference", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'import { login } from "./auth.js";',
        "let accessToken: string | undefined = await login();",
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  accessToken = undefined;",
        "});",
      ),
      "src/auth.ts": source("export async function login(): Promise<string> {", '  return "t";', "}"),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(resultOf(report, RULE)).toMatchObject({
      outcome: "pass",
      reason: expect.stringContaining("strings themselves cannot be wiped"),
    });
  });

  it("flags a secret Buffer that is never zeroed at low severity", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'const privateKey = Buffer.from(process.env.JWT_PRIVATE_KEY ?? "", "base64");',
        'process.on("SIGTERM", () => void server.close());',
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 6, column: 7, severity: "low", confidence: "high" });
    expect(finding?.message).toContain("privateKey.fill(0)");
  });

  it("passes a secret Buffer zeroed with fill(0) on shutdown", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'const privateKey = Buffer.from(process.env.JWT_PRIVATE_KEY ?? "", "base64");',
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  privateKey.fill(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags a secret written into process.env", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        "export function useToken(token: string): void {",
        "  process.env.GITHUB_TOKEN = token;",
        "}",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ line: 7, column: 3, severity: "low", confidence: "medium" }]);
  });

  it("rates class fields by how sure the model is that they hold a secret", async () => {
    const report = await analyzeSources({
      "src/client.ts": source(
        "export class BillingClient {",
        "  private apiKey = process.env.BILLING_API_KEY;",
        "  private sessionToken: string | undefined;",
        "  setSession(token: string): void {",
        "    this.sessionToken = token;",
        "  }",
        "}",
      ),
      "src/index.ts": source(
        ...STDIO_SERVER_LINES,
        'import { BillingClient } from "./client.js";',
        "export const billing = new BillingClient();",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      { file: "src/client.ts", line: 2, column: 20, severity: "info", confidence: "medium" },
      { file: "src/client.ts", line: 5, column: 25, severity: "info", confidence: "low" },
    ]);
  });

  it("flags a database password in a CommonJS module", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "orders-mcp", main: "src/server.js" }),
      "src/db.js": source(
        'const { Pool } = require("pg");',
        "",
        "const dbPassword = process.env.ORDERS_DB_PASSWORD;",
        'const pool = new Pool({ user: "orders", password: dbPassword });',
        "module.exports = { pool };",
      ),
      "src/server.js": source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const { pool } = require("./db.js");',
        'const server = new McpServer({ name: "orders", version: "1.0.0" });',
        "server.connect(new StdioServerTransport());",
        'process.on("SIGTERM", async () => { await pool.end(); });',
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ file: "src/db.js", line: 3, column: 7, severity: "info", confidence: "high" }]);
  });
});
