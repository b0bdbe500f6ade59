import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchGithubRepo } from "./fetch-github-repo.js";
import { githubCloneUrl } from "./github-clone-url.js";
import { resolveRef } from "./resolve-ref.js";

const TOKEN = "ghs_installationtoken0123456789";

let server: GitHttpServer;
let tempRoot: string;
let commit: string;

beforeAll(async () => {
  // A private repository: GitHub serves it only to requests carrying an installation token.
  server = await startGitHttpServer({ acceptToken: (token) => token === TOKEN });
  commit = await server.commit("acme/private", { files: { "src/index.ts": "export const secret = 1;\n" } });
  tempRoot = await mkdtemp(join(tmpdir(), "lastcall-private-test-"));
});

afterAll(async () => {
  await server?.close();
  await rm(tempRoot, { recursive: true, force: true });
});

describe("a private repository", () => {
  const cloneUrl = () => githubCloneUrl(new URL(server.url), "acme", "private");
  const base = () => ({ server: new URL(server.url), gitEnv: { PATH: process.env.PATH ?? "" }, tempRoot });

  it("resolves and fetches with an installation token", async () => {
    const resolved = await resolveRef(cloneUrl(), undefined, { ...base(), accessToken: TOKEN });
    expect(resolved.commit).toBe(commit);
    const text = await fetchGithubRepo({ cloneUrl: cloneUrl() }, { ...base(), commit, accessToken: TOKEN }, (checkout) =>
      readFile(join(checkout.dir, "src/index.ts"), "utf8"),
    );
    expect(text).toContain("secret");
  });

  it("is not found without the token, and the token never shows in the error", async () => {
    const failure = await resolveRef(cloneUrl(), undefined, base()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "repo_not_found" });
    const wrong = await fetchGithubRepo({ cloneUrl: cloneUrl() }, { ...base(), commit, accessToken: "ghs_wrong" }, async () => "").catch(
      (error: unknown) => error,
    );
    expect(wrong).toMatchObject({ code: "repo_not_found" });
    expect(String((wrong as Error).message)).not.toContain("ghs_");
  });
});
