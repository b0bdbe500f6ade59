import { fileURLToPath } from "node:url";

/**
 * Where the migrations are: `override` when given (Docker images copy them elsewhere and set
 * LASTCALL_MIGRATIONS_DIR), else the repository's `prisma/migrations`. Both `src/` and `dist/` sit
 * directly under packages/db, so the same relative path works for the sources and the build.
 */
export function resolveMigrationsDir(override?: string): string {
  return override ?? fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));
}
