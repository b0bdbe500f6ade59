import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A tiny stdio MCP server with no shutdown handling at all: no SIGTERM listener, stdin EOF
 * ignored, a pg pool and an interval left open. Any sound analysis scores it below 100.
 */
export const CARELESS_STDIO_SERVER: Record<string, string> = {
  "package.json": `${JSON.stringify(
    {
      name: "tiny-mcp",
      version: "1.0.0",
      type: "module",
      bin: { "tiny-mcp": "dist/index.js" },
      dependencies: { "@modelcontextprotocol/sdk": "^1.29.0", pg: "^8.16.0" },
    },
    null,
    2,
  )}\n`,
  "src/index.ts": [
    'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
    'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
    'import { Pool } from "pg";',
    "",
    "const pool = new Pool();",
    'const server = new McpServer({ name: "tiny", version: "1.0.0" });',
    "",
    'server.registerTool("count", { description: "count rows" }, async () => {',
    '  const result = await pool.query("select count(*) from items");',
    '  return { content: [{ type: "text", text: String(result.rows[0].count) }] };',
    "});",
    "",
    'setInterval(() => void pool.query("select 1"), 30_000);',
    "",
    "await server.connect(new StdioServerTransport());",
    "",
  ].join("\n"),
};

/** No TypeScript or JavaScript: the analyzer does not score it. */
export const DOCS_ONLY_PROJECT: Record<string, string> = {
  "README.md": "# Notes\n\nNothing to run here.\n",
};

async function writeProject(dir: string, files: Record<string, string>): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** A fresh temporary directory holding `files`. */
export async function createProject(files: Record<string, string>): Promise<string> {
  return writeProject(await mkdtemp(join(tmpdir(), "lastcall-project-")), files);
}
