import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

/** The database handle every data-access function takes. */
export type Db = PrismaClient;

export interface CreateDbOptions {
  /** Size of the pg connection pool (pg's default is 10). */
  maxConnections?: number;
}

/** A Prisma client over a pg pool. Call `$disconnect()` on shutdown to end the pool. */
export function createDb(databaseUrl: string, options: CreateDbOptions = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections });
  return new PrismaClient({ adapter });
}
