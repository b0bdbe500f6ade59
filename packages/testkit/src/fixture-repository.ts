import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ANALYZER_FIXTURES = fileURLToPath(new URL("../../analyzer/test/fixtures/", import.meta.url));

/**
 * The files of one of the analyzer's fixture MCP servers, ready to commit to the local git
 * server. The default has known shutdown gaps (its expected.json lists them), so scans of it
 * have findings to show.
 */
export async function fixtureRepositoryFiles(name = "vault-dynamic-creds-not-revoked"): Promise<Record<string, string>> {
  const root = join(ANALYZER_FIXTURES, name);
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = await readFile(path, "utf8");
  }
  return files;
}

/**
 * The default fixture with its SD013 gap fixed: the Vault token is revoked on shutdown. Committed
 * after the original, it is a change that raises the score; before it, one that lowers it.
 */
export function withVaultLeaseRevoked(files: Record<string, string>): Record<string, string> {
  const vault = `${files["src/vault.ts"]}
export async function revokeCredentials(): Promise<void> {
  clearInterval(renewalTimer);
  await client.tokenRevokeSelf();
}
`;
  const index = (files["src/index.ts"] ?? "")
    .replace(
      "getDbCredentials, loginWithAppRole, startLeaseRenewal",
      "getDbCredentials, loginWithAppRole, revokeCredentials, startLeaseRenewal",
    )
    .replace("  await closePool();\n", "  await closePool();\n  await revokeCredentials();\n");
  return { ...files, "src/vault.ts": vault, "src/index.ts": index };
}
