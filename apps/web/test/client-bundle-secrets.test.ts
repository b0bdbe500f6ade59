import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// What browsers download: everything under .next/static (run after `npm run build`, as `npm test` does).
const STATIC_DIR = fileURLToPath(new URL("../.next/static", import.meta.url));

/** Names whose appearance would mean client code reads server configuration (or the build inlined it). */
const MARKERS = [
  "DATABASE_URL",
  "REDIS_URL",
  "GITHUB_APP_PRIVATE_KEY",
  "GITHUB_APP_CLIENT_SECRET",
  "GITHUB_WEBHOOK_SECRET",
  "PRIVATE KEY-----",
  "postgresql://",
  "postgres://",
  "client_secret",
];

/** The secrets of the environment the build ran in (CI builds with DATABASE_URL set, say), where set. */
const SECRET_VARIABLES = [
  "DATABASE_URL",
  "REDIS_URL",
  "GITHUB_APP_PRIVATE_KEY",
  "GITHUB_APP_CLIENT_SECRET",
  "GITHUB_WEBHOOK_SECRET",
  "GITHUB_WEBHOOK_SECRET_PREVIOUS",
];

async function staticFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("the client bundles", () => {
  it("carry no secret, no server configuration and no private key", async () => {
    const files = await staticFiles(STATIC_DIR);
    expect(files.some((file) => file.endsWith(".js"))).toBe(true);
    const secrets = SECRET_VARIABLES.map((name) => process.env[name]).filter((value): value is string => (value?.length ?? 0) >= 8);
    const found: string[] = [];
    for (const file of files) {
      const text = (await readFile(file)).toString("latin1");
      for (const marker of MARKERS) if (text.includes(marker)) found.push(`${relative(STATIC_DIR, file)}: ${marker}`);
      for (const secret of secrets) if (text.includes(secret)) found.push(`${relative(STATIC_DIR, file)}: the value of a secret variable`);
    }
    expect(found).toEqual([]);
  });
});
