import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveAuditTarget } from "./audit-target.js";

const server = new URL("https://github.com");
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "lastcall-target-"));
  await mkdir(join(cwd, "acme", "local"), { recursive: true });
  await writeFile(join(cwd, "file.txt"), "");
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe("resolveAuditTarget", () => {
  it("takes an existing directory, relative to cwd", async () => {
    await expect(resolveAuditTarget("acme/local", { cwd, server })).resolves.toEqual({
      kind: "directory",
      dir: join(cwd, "acme", "local"),
    });
    await expect(resolveAuditTarget(".", { cwd, server })).resolves.toEqual({ kind: "directory", dir: cwd });
  });

  it("takes URLs and, when no such directory exists, the OWNER/REPO shorthand", async () => {
    await expect(resolveAuditTarget("https://github.com/acme/mcp", { cwd, server })).resolves.toMatchObject({
      kind: "github",
      repo: { owner: "acme", repo: "mcp" },
    });
    await expect(resolveAuditTarget("acme/mcp", { cwd, server })).resolves.toMatchObject({
      kind: "github",
      repo: { cloneUrl: "https://github.com/acme/mcp.git" },
    });
    await expect(resolveAuditTarget("github.com/acme/mcp", { cwd, server })).resolves.toMatchObject({ kind: "github" });
  });

  it.each([
    ["missing", "no such directory: missing"],
    ["./acme/missing", "no such directory: ./acme/missing"],
    ["../x", "no such directory: ../x"],
    ["file.txt", "not a directory: file.txt"],
    [
      "https://example.com/acme/mcp",
      "cannot audit https://example.com/acme/mcp: only repositories on github.com are accepted, not example.com",
    ],
    [
      "git@github.com:acme/mcp.git",
      "cannot audit git@github.com:acme/mcp.git: ssh (scp-style) URLs are not accepted; expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO",
    ],
    ["-acme/mcp", 'cannot audit -acme/mcp: the URL must not start with "-", which git could read as an option: -acme/mcp'],
    // The CLI takes URLs through the same parser as the website and the API (git-fetch's hostile-URL tests hold the rest).
    [
      "https://169.254.169.254/latest/meta-data",
      "cannot audit https://169.254.169.254/latest/meta-data: internal addresses are not accepted: 169.254.169.254 is a link-local address, where cloud metadata services answer",
    ],
    [
      "https://gіthub.com/acme/mcp",
      "cannot audit https://gіthub.com/acme/mcp: the host gіthub.com contains non-ASCII characters: internationalized look-alikes of github.com are not accepted",
    ],
    ["file:///etc/passwd", "cannot audit file:///etc/passwd: only https:// URLs are accepted, not file:"],
    ["https://token@github.com/acme/mcp", "cannot audit https://token@github.com/acme/mcp: credentials in the URL are not accepted"],
  ])("rejects %s", async (input, message) => {
    await expect(resolveAuditTarget(input, { cwd, server })).rejects.toThrow(message);
  });
});
