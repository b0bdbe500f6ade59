import { z } from "zod";
import { resolveMigrationsDir } from "./migrations-dir.js";

const migrateEnvSchema = z.object({
  DATABASE_URL: z.url({
    protocol: /^postgres(ql)?$/,
    error: "must be a postgresql:// connection URL, e.g. postgresql://user@127.0.0.1:5432/lastcall",
  }),
  LASTCALL_MIGRATIONS_DIR: z.string().min(1).optional(),
});

export type MigrateEnv = { ok: true; databaseUrl: string; migrationsDir: string } | { ok: false; message: string };

/** What the migrate CLI needs from its environment, checked once at the edge. */
export function parseMigrateEnv(env: Record<string, string | undefined>): MigrateEnv {
  const parsed = migrateEnvSchema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n") };
  }
  return {
    ok: true,
    databaseUrl: parsed.data.DATABASE_URL,
    migrationsDir: resolveMigrationsDir(parsed.data.LASTCALL_MIGRATIONS_DIR),
  };
}
