import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { analyzeSources, outcomeOf } from "../src/test-support/analyze-sources.js";

const SDK = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
`;

const WORKSPACE = {
  "package.json": JSON.stringify({ name: "tools-monorepo", private: true, workspaces: ["packages/*"] }),
  "packages/shared/package.json": JSON.stringify({ name: "@acme/shared", type: "module", main: "src/index.ts" }),
  "packages/shared/src/index.ts": `export const VERSION = "1.0.0";\n`,
  // A careful server: nothing to close, Node's default exit is right for it.
  "packages/notes/package.json": JSON.stringify({ name: "notes-mcp", type: "module", bin: { "notes-mcp": "src/index.ts" } }),
  "packages/notes/src/index.ts": `${SDK}import { VERSION } from "../../shared/src/index.js";
const server = new McpServer({ name: "notes", version: VERSION });
await server.connect(new StdioServerTransport());
`,
  // A careless one: a pool and an interval, and no shutdown at all.
  "packages/catalog/package.json": JSON.stringify({ name: "catalog-mcp", type: "module", bin: { "catalog-mcp": "src/index.ts" } }),
  "packages/catalog/src/index.ts": `${SDK}import { Pool } from "pg";
import { VERSION } from "../../shared/src/index.js";
const pool = new Pool();
const refresh = setInterval(() => void pool.query("select 1"), 60_000);
const server = new McpServer({ name: "catalog", version: VERSION });
await server.connect(new StdioServerTransport());
`,
};

describe("monorepos", () => {
  it("judges each server package as its own unit and scores the project as the weakest", async () => {
    const report = await analyzeSources(WORKSPACE);
    expect(report.units?.map((unit) => [unit.path, unit.entryPoints, unit.grade])).toEqual([
      ["packages/catalog", ["packages/catalog/src/index.ts"], "F"],
      ["packages/notes", ["packages/notes/src/index.ts"], "A"],
    ]);
    const catalog = report.units?.find((unit) => unit.path === "packages/catalog");
    expect(report.score).toBe(catalog?.score);
    expect(report.gates.map((gate) => gate.id)).toContain("critical-finding");
    expect(new Set(report.findings.map((finding) => finding.file))).toEqual(new Set(["packages/catalog/src/index.ts"]));
    expect(outcomeOf(report, "SD003")).toBe("fail");
    expect(report.rules.find((rule) => rule.id === "SD003")?.reason).toBeUndefined();
  });

  it("names the unit in a combined reason", async () => {
    const report = await analyzeSources(WORKSPACE);
    expect(report.rules.find((rule) => rule.id === "SD004")?.reason).toMatch(
      /^packages\/catalog: .+; packages\/notes: .+|^packages\/catalog: [^;]+$/,
    );
  });

  it("keeps a single-package project free of units, and the report valid against the schema", async () => {
    const single = await analyzeSources({
      "src/index.ts": `${SDK}await new McpServer({ name: "s", version: "1" }).connect(new StdioServerTransport());\n`,
    });
    expect(single.units).toBeUndefined();
    const schema: unknown = JSON.parse(readFileSync(new URL("../report.schema.json", import.meta.url), "utf8"));
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    formats.default(ajv);
    const validate = ajv.compile(schema as object);
    const monorepo = await analyzeSources(WORKSPACE);
    expect(validate(JSON.parse(JSON.stringify(monorepo))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(single))), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("monorepo reports", () => {
  it("list every unit's score in the text and Markdown formats", async () => {
    const { formatText } = await import("../src/format/text.js");
    const { formatMarkdown } = await import("../src/format/markdown.js");
    const report = await analyzeSources(WORKSPACE);
    const text = formatText(report, { color: false });
    expect(text).toMatch(
      /Units \(2; the project scores as the weakest\)\n\s+packages\/catalog\s+\d+\/100\s+grade F\s+packages\/catalog\/src\/index\.ts\n\s+packages\/notes\s+100\/100\s+grade A/,
    );
    expect(formatMarkdown(report)).toContain("| packages/notes | 100 | A | packages/notes/src/index\\.ts |");
  });
});
