import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, source } from "../test-support/analyze-sources.js";

const RULE = "SD013";

const HEADER = [
  'import vault from "node-vault";',
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
  "",
  "const client = vault({ endpoint: process.env.VAULT_ADDR });",
];
const CONNECT = [
  'const server = new McpServer({ name: "reports", version: "1.0.0" });',
  "await server.connect(new StdioServerTransport());",
  "",
];

describe("SD013 secret-leases-not-revoked", () => {
  it("is not applicable without a secret-manager client", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
        'const server = new McpServer({ name: "x", version: "1" });',
      ),
    });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: "no secret-manager client found" });
  });

  it("passes a client that only reads static secrets with a token it was given", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        'import vault from "node-vault";',
        "",
        "const client = vault({ endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN });",
        'export const settings = await client.read("secret/data/reports");',
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "pass", reason: expect.stringContaining("not its own to revoke") });
  });

  it("flags an AppRole login, dynamic database credentials and a renewal timer that shutdown never revokes or clears", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...HEADER,
        "await client.approleLogin({ role_id: process.env.VAULT_ROLE_ID, secret_id: process.env.VAULT_SECRET_ID });",
        'const creds = await client.read("database/creds/readonly");',
        "const renewal = setInterval(() => client.tokenRenewSelf(), 30 * 60 * 1000);",
        ...CONNECT,
        'process.on("SIGTERM", async () => {',
        "  await server.close();",
        "  process.exit(0);",
        "});",
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    expect(findingsOf(report, RULE)).toMatchObject([
      {
        file: "src/index.ts",
        line: 6,
        column: 7,
        severity: "medium",
        confidence: "high",
        message: expect.stringContaining("approleLogin()"),
      },
      {
        file: "src/index.ts",
        line: 7,
        column: 21,
        severity: "high",
        confidence: "high",
        message: expect.stringContaining("database/creds/readonly"),
      },
      { file: "src/index.ts", line: 8, column: 17, severity: "medium", confidence: "medium" },
    ]);
  });

  it("passes when shutdown clears the renewal and revokes the token", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...HEADER,
        "await client.approleLogin({ role_id: process.env.VAULT_ROLE_ID, secret_id: process.env.VAULT_SECRET_ID });",
        'const creds = await client.read("database/creds/readonly");',
        "const renewal = setInterval(() => client.tokenRenewSelf(), 30 * 60 * 1000);",
        ...CONNECT,
        'process.on("SIGTERM", async () => {',
        "  clearInterval(renewal);",
        "  await server.close();",
        "  await Promise.race([client.tokenRevokeSelf(), new Promise((resolve) => setTimeout(resolve, 1000))]);",
        "  process.exit(0);",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags a PKI certificate lease at medium severity", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...HEADER,
        'const cert = await client.write("pki/issue/internal", { common_name: "reports.internal" });',
        ...CONNECT,
        'process.on("SIGTERM", () => void server.close());',
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([
      { line: 6, column: 20, severity: "medium", message: expect.stringContaining("pki/issue/internal") },
    ]);
  });

  it("follows a CommonJS Vault module: revoked through a helper passes, forgotten fails", async () => {
    const vaultModule = source(
      'const vault = require("node-vault");',
      "",
      "const client = vault({ endpoint: process.env.VAULT_ADDR });",
      "",
      "async function getDbCredentials() {",
      '  return client.read("mysql/creds/app");',
      "}",
      "async function revokeAll() {",
      "  await client.tokenRevokeSelf();",
      "}",
      "module.exports = { getDbCredentials, revokeAll };",
    );
    const server = (onStop: string) =>
      source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const { getDbCredentials, revokeAll } = require("./vault.js");',
        "",
        'const server = new McpServer({ name: "orders", version: "1.0.0" });',
        "getDbCredentials().then(() => server.connect(new StdioServerTransport()));",
        `process.on("SIGTERM", async () => { await server.close(); ${onStop} process.exit(0); });`,
      );
    const manifest = JSON.stringify({ name: "orders-mcp", main: "src/index.js" });
    const revoked = await analyzeSources({
      "package.json": manifest,
      "src/vault.js": vaultModule,
      "src/index.js": server("await revokeAll();"),
    });
    expect(findingsOf(revoked, RULE)).toEqual([]);
    expect(outcomeOf(revoked, RULE)).toBe("pass");

    const forgotten = await analyzeSources({ "package.json": manifest, "src/vault.js": vaultModule, "src/index.js": server("") });
    expect(findingsOf(forgotten, RULE)).toMatchObject([{ file: "src/vault.js", line: 6, column: 10, severity: "high" }]);
  });

  it('recognises node-vault\'s documented require("node-vault")(options) form', async () => {
    const report = await analyzeSources({
      "src/index.js": source(
        'const client = require("node-vault")({ endpoint: process.env.VAULT_ADDR });',
        "",
        "async function start() {",
        '  await client.kubernetesLogin({ role: "reports", jwt: process.env.SA_TOKEN });',
        "}",
        "start();",
        'process.on("SIGTERM", () => process.exit(0));',
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ line: 4, column: 9, severity: "medium" }]);
  });
});
