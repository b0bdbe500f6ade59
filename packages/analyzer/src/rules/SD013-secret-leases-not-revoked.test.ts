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
  describe("raw /v1/... calls to Vault's HTTP API", () => {
    const MCP = [
      'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
      'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
      "",
      'const VAULT_ADDR = process.env.VAULT_ADDR ?? "http://127.0.0.1:8200";',
      'const headers = { "X-Vault-Token": process.env.VAULT_TOKEN ?? "" };',
    ];

    it("flags dynamic database credentials read with fetch and never revoked, at high severity", async () => {
      const report = await analyzeSources({
        "src/index.ts": source(
          ...MCP,
          `const response = await fetch(\`\${VAULT_ADDR}/v1/database/creds/readonly\`, { headers });`,
          "export const dbCreds = await response.json();",
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
          column: 24,
          severity: "high",
          confidence: "high",
          message: expect.stringContaining("Vault lease on /v1/database/creds/readonly (raw fetch call)"),
        },
      ]);
    });

    it("passes a raw read whose shutdown calls revoke-self, written as a URL the call does not spell out", async () => {
      const report = await analyzeSources({
        "src/index.ts": source(
          ...MCP,
          'import axios from "axios";',
          `const { data } = await axios.get(\`\${VAULT_ADDR}/v1/aws/creds/reports\`, { headers });`,
          "export const awsCreds = data.data;",
          'const leave = new URL("/v1/auth/token/revoke-self", VAULT_ADDR);',
          ...CONNECT,
          'process.on("SIGTERM", async () => {',
          "  await server.close();",
          '  await fetch(leave, { method: "POST", headers, signal: AbortSignal.timeout(1000) }).catch(() => undefined);',
          "  process.exit(0);",
          "});",
        ),
      });
      expect(findingsOf(report, RULE)).toEqual([]);
      expect(resultOf(report, RULE)).toMatchObject({ outcome: "pass" });
    });

    it("flags a raw AppRole login through got in JavaScript, and passes it once shutdown revokes its leases", async () => {
      const server = (onStop: string) =>
        source(
          'const got = require("got");',
          'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
          'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
          "",
          "const addr = process.env.VAULT_ADDR;",
          "async function login() {",
          "  const body = await got.post(addr + '/v1/auth/approle/login', { json: { role_id: process.env.ROLE_ID } }).json();",
          "  return body.auth.client_token;",
          "}",
          'const server = new McpServer({ name: "orders", version: "1.0.0" });',
          "login().then(() => server.connect(new StdioServerTransport()));",
          `process.on("SIGTERM", async () => { await server.close(); ${onStop} process.exit(0); });`,
        );
      const manifest = JSON.stringify({ name: "orders-mcp", main: "src/index.js" });
      const forgotten = await analyzeSources({ "package.json": manifest, "src/index.js": server("") });
      expect(findingsOf(forgotten, RULE)).toMatchObject([
        {
          file: "src/index.js",
          line: 7,
          column: 22,
          severity: "medium",
          message: expect.stringContaining("Vault token from a raw got call to /v1/auth/approle/login"),
        },
      ]);
      const revoked = await analyzeSources({
        "package.json": manifest,
        "src/index.js": server(`await got.put(\`\${addr}/v1/sys/leases/revoke-prefix/auth/approle\`, { timeout: { request: 1000 } });`),
      });
      expect(findingsOf(revoked, RULE)).toEqual([]);
      expect(outcomeOf(revoked, RULE)).toBe("pass");
    });

    it("takes no Vault usage from a URL it cannot read, nor from another API's /v1/ path", async () => {
      const report = await analyzeSources({
        "src/index.ts": source(
          ...MCP,
          "export async function readSecret(path: string) {",
          `  return fetch(\`\${VAULT_ADDR}/v1/\${path}\`, { headers });`,
          "}",
          "export async function fetchAny(url: string) {",
          "  return fetch(url, { headers });",
          "}",
          'await fetch("https://api.openai.com/v1/chat/completions", { method: "POST" });',
          ...CONNECT,
          'process.on("SIGTERM", () => void server.close());',
        ),
      });
      expect(findingsOf(report, RULE)).toEqual([]);
      expect(resultOf(report, RULE)).toMatchObject({ outcome: "not_applicable", reason: "no secret-manager client found" });
    });
  });
});
