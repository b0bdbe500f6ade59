import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The API and browser tests drive the built server, a worker, PostgreSQL, Redis, git and Chromium.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
