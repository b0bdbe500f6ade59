import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each test drives real git, PostgreSQL, Redis and analysis child processes.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
