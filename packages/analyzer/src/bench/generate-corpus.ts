import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a corpus of realistic TypeScript MCP-server sources: tool modules, data access, HTTP
 * wiring, lifecycle classes and utilities, cross-importing each other, with a handful of entry
 * points. Deterministic for a given count, so runs are comparable.
 */
export async function generateCorpus(dir: string, fileCount: number): Promise<void> {
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "bench-corpus", type: "module", bin: { server: "src/main.ts" } }));
  const kinds = [toolModule, dataModule, utilModule, serviceClass, httpModule];
  for (let index = 0; index < fileCount; index++) {
    const directory = path.join(dir, "src", `area${index % 40}`);
    await mkdir(directory, { recursive: true });
    const make = kinds[index % kinds.length] as (n: number, count: number) => string;
    await writeFile(path.join(directory, `module${index}.ts`), make(index, fileCount));
  }
  await writeFile(path.join(dir, "src", "main.ts"), mainModule(fileCount));
}

const importOf = (n: number, count: number, name: string) => {
  const target = (n * 7 + 3) % count;
  return `import { ${name}${target} } from "../area${target % 40}/module${target}.js";`;
};

function toolModule(n: number, count: number): string {
  const helper = (n * 7 + 3) % count;
  return `import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
${helper % 5 === 2 ? importOf(n, count, "formatRow") : ""}

export interface SearchResult${n} {
  id: string;
  title: string;
  score: number;
  tags: readonly string[];
}

const inputSchema${n} = {
  query: z.string().min(1).describe("What to look for"),
  limit: z.number().int().positive().max(100).default(10),
  tags: z.array(z.string()).optional(),
};

export function registerTools${n}(server: McpServer, baseUrl: string): void {
  server.registerTool(
    "search_${n}",
    { description: "Searches the catalogue (${n})", inputSchema: inputSchema${n} },
    async ({ query, limit, tags }, extra) => {
      const url = new URL("/search", baseUrl);
      url.searchParams.set("q", query);
      url.searchParams.set("limit", String(limit));
      for (const tag of tags ?? []) url.searchParams.append("tag", tag);
      const response = await fetch(url, { signal: extra.signal, headers: { accept: "application/json" } });
      if (!response.ok) {
        return { isError: true, content: [{ type: "text", text: \`search failed: \${response.status}\` }] };
      }
      const results = (await response.json()) as SearchResult${n}[];
      const lines = results
        .filter((result) => result.score > 0.2)
        .sort((a, b) => b.score - a.score)
        .map((result, index) => \`\${index + 1}. \${result.title} (\${result.score.toFixed(2)})\`);
      return { content: [{ type: "text", text: lines.join("\\n") || "no results" }] };
    },
  );

  server.registerTool(
    "describe_${n}",
    { description: "Describes one item", inputSchema: { id: z.string() } },
    async ({ id }, extra) => {
      const response = await fetch(new URL(\`/items/\${encodeURIComponent(id)}\`, baseUrl), { signal: extra.signal });
      const item = (await response.json()) as Record<string, unknown>;
      return { content: [{ type: "text", text: JSON.stringify(item, null, 2) }] };
    },
  );
}

export function rank${n}(results: SearchResult${n}[], boost: Map<string, number>): SearchResult${n}[] {
  return results
    .map((result) => ({ ...result, score: result.score * (result.tags.reduce((factor, tag) => factor * (boost.get(tag) ?? 1), 1)) }))
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}
`;
}

function dataModule(n: number, count: number): string {
  return `import type { Pool, PoolClient } from "pg";
${importOf(n, count, "retry")}

export interface Row${n} {
  id: number;
  name: string;
  createdAt: Date;
  payload: Record<string, unknown>;
}

export class Repository${n} {
  constructor(private readonly pool: Pool) {}

  async findById(id: number, signal?: AbortSignal): Promise<Row${n} | undefined> {
    signal?.throwIfAborted();
    const result = await this.pool.query<Row${n}>("select id, name, created_at as \\"createdAt\\", payload from items_${n} where id = $1", [id]);
    return result.rows[0];
  }

  async search(term: string, limit = 20): Promise<Row${n}[]> {
    const result = await this.pool.query<Row${n}>(
      "select id, name, created_at as \\"createdAt\\", payload from items_${n} where name ilike $1 order by created_at desc limit $2",
      [\`%\${term}%\`, limit],
    );
    return result.rows;
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("begin");
      const value = await work(client);
      await client.query("commit");
      return value;
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  }
}

export function formatRow${n}(row: Row${n}): string {
  const date = row.createdAt.toISOString().slice(0, 10);
  const keys = Object.keys(row.payload).sort();
  return \`#\${row.id} \${row.name} (\${date}) [\${keys.join(", ")}]\`;
}
`;
}

function utilModule(n: number, _count: number): string {
  return `export async function retry${n}<T>(work: () => Promise<T>, attempts = 3, delayMs = 100): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await work();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

export function chunk${n}<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

export function parseDuration${n}(text: string): number {
  const match = /^(\\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(\`bad duration: \${text}\`);
  const value = Number(match[1]);
  switch (match[2]) {
    case "ms": return value;
    case "s": return value * 1000;
    case "m": return value * 60_000;
    default: return value * 3_600_000;
  }
}

export const formatRow${n} = (row: { id: number; name: string }): string => \`\${row.id}: \${row.name}\`;
export const retry = retry${n};
`;
}

function serviceClass(n: number, count: number): string {
  return `import { EventEmitter } from "node:events";
${importOf(n, count, "chunk")}

type State = "idle" | "running" | "stopping" | "stopped";

export class BatchProcessor${n} extends EventEmitter {
  #state: State = "idle";
  #queue: string[] = [];
  #inFlight = new Set<Promise<void>>();

  constructor(private readonly concurrency: number, private readonly handle: (item: string) => Promise<void>) {
    super();
  }

  enqueue(item: string): boolean {
    if (this.#state === "stopping" || this.#state === "stopped") return false;
    this.#queue.push(item);
    this.#pump();
    return true;
  }

  #pump(): void {
    while (this.#inFlight.size < this.concurrency && this.#queue.length > 0) {
      const item = this.#queue.shift() as string;
      const task = this.handle(item)
        .catch((error: unknown) => this.emit("error", error))
        .finally(() => {
          this.#inFlight.delete(task);
          this.#pump();
        });
      this.#inFlight.add(task);
    }
  }

  async stop(timeoutMs: number): Promise<void> {
    this.#state = "stopping";
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
    this.#state = "stopped";
  }

  get pending(): number {
    return this.#queue.length + this.#inFlight.size;
  }
}
`;
}

function httpModule(n: number, _count: number): string {
  return `import type { IncomingMessage, ServerResponse } from "node:http";

export interface Route${n} {
  method: "GET" | "POST" | "DELETE";
  path: RegExp;
  handler: (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;
}

export function router${n}(routes: Route${n}[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      try {
        await route.handler(req, res, match.slice(1));
      } catch (error) {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: { code: "internal", message: (error as Error).message } }));
      }
      return;
    }
    res.statusCode = 404;
    res.end();
  };
}

export async function readJson${n}(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}
`;
}

function mainModule(count: number): string {
  const tools = Array.from({ length: Math.min(20, Math.floor(count / 5)) }, (_, index) => index * 5);
  return `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Pool } from "pg";
${tools.map((n) => `import { registerTools${n} } from "./area${n % 40}/module${n}.js";`).join("\n")}

const pool = new Pool({ max: 5 });
const server = new McpServer({ name: "bench", version: "1.0.0" });
${tools.map((n) => `registerTools${n}(server, "https://api.example.test");`).join("\n")}

let closing: Promise<void> | undefined;
function shutdown(): Promise<void> {
  closing ??= (async () => {
    setTimeout(() => process.exit(1), 1500).unref();
    await server.close();
    await pool.end();
    process.exitCode = 0;
  })();
  return closing;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void shutdown());
process.stdin.once("end", () => void shutdown());
process.stdin.once("close", () => void shutdown());
await server.connect(new StdioServerTransport());
`;
}
