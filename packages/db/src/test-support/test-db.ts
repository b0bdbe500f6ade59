import { createDb, type Db } from "../create-db.js";
import { createTestDatabase } from "../testing.js";

export interface TestDb {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** A fresh migrated database and a client on it; `close()` disconnects and drops it. */
export async function openTestDb(): Promise<TestDb> {
  const database = await createTestDatabase();
  const db = createDb(database.url, { maxConnections: 8 });
  return {
    db,
    url: database.url,
    close: async () => {
      await db.$disconnect();
      await database.drop();
    },
  };
}
