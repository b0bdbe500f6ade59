import { defineConfig } from "prisma/config";

// The schema and migrations live at the repository root (prisma/); this package owns the generated client.
// No datasource: `prisma generate` needs none, and migrations are applied by our own runner (src/migrate.ts).
export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
});
