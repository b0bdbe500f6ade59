import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // The Prisma client is generated into src/generated; nothing there is a test.
    exclude: [...configDefaults.exclude, "src/generated/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
