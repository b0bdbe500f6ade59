import { once } from "node:events";
import { createServer, type Server } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./create-db.js";
import { isDatabaseUnavailable } from "./database-unavailable.js";
import { openTestDb, type TestDb } from "./test-support/test-db.js";

// Real errors, from real clients: a port nobody listens on, a server that hangs up on every
// connection, and a healthy database asked wrong questions.

let testDb: TestDb;
let hangUp: Server;
let hangUpPort: number;
let closedPort: number;

async function listen(server: Server): Promise<number> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(async () => {
  testDb = await openTestDb();
  hangUp = createServer((socket) => socket.resetAndDestroy());
  hangUpPort = await listen(hangUp);
  const probe = createServer();
  closedPort = await listen(probe);
  probe.close();
});

afterAll(async () => {
  hangUp?.close();
  await testDb?.close();
});

/** What `use` rejects with on a client of `url`. */
async function errorOf(url: string, use: (db: ReturnType<typeof createDb>) => Promise<unknown>): Promise<unknown> {
  const db = createDb(url);
  try {
    return await use(db).then(
      () => undefined,
      (error: unknown) => error,
    );
  } finally {
    await db.$disconnect();
  }
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a model query", (db: ReturnType<typeof createDb>) => db.scan.findMany({ take: 1 })],
    ["a raw query", (db: ReturnType<typeof createDb>) => db.$queryRaw`SELECT 1`],
    ["an interactive transaction", (db: ReturnType<typeof createDb>) => db.$transaction((tx) => tx.scan.count())],
  ])("is true for %s when nothing listens or the server hangs up", async (_name, use) => {
    for (const port of [closedPort, hangUpPort]) {
      const error = await errorOf(`postgresql://postgres@127.0.0.1:${port}/test`, use);
      expect(error, `port ${port}`).toBeDefined();
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it("is true for the pg driver's own connection errors", async () => {
    const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${closedPort}/test` });
    const error = await client.connect().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("is false for queries that are wrong, and for anything else", async () => {
    const missing = await testDb.db.scan
      .update({ where: { id: "00000000-0000-0000-0000-000000000000" }, data: {} })
      .catch((error: unknown) => error);
    const syntax = await testDb.db.$queryRawUnsafe("SELEC 1").catch((error: unknown) => error);
    const division = await testDb.db.$queryRawUnsafe("SELECT 1/0").catch((error: unknown) => error);
    for (const error of [missing, syntax, division, new Error("connect ECONNREFUSED 10.0.0.1:5432"), "P1001", null, undefined]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});
