import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "../src/fetch-error.js";
import { fetchGithubRepo } from "../src/fetch-github-repo.js";
import { githubCloneUrl } from "../src/github-clone-url.js";

// Trees git itself refuses to write. The worker's end-to-end tests (apps/worker/test/hostile-repositories)
// hold the rest of the hostile repositories.

let server: GitHttpServer;
let tempRoot: string;

beforeAll(async () => {
  server = await startGitHttpServer();
  tempRoot = await mkdtemp(join(tmpdir(), "lastcall-hostile-trees-"));
});

afterAll(async () => {
  await server?.close();
  await rm(tempRoot, { recursive: true, force: true });
});

async function failure(slug: string): Promise<unknown> {
  const [owner = "", repo = ""] = slug.split("/");
  const serverUrl = new URL(server.url);
  const target = { cloneUrl: githubCloneUrl(serverUrl, owner, repo) };
  const options = { server: serverUrl, tempRoot, gitEnv: { PATH: process.env.PATH ?? "" } };
  return fetchGithubRepo(target, options, async () => "checked out").catch((error: unknown) => error);
}

describe("fetchGithubRepo with trees git refuses to check out", () => {
  it.each([
    ["a hook inside .git", "hostile/hook", ".git/hooks/post-checkout", /invalid path '\.git\/hooks\/post-checkout'/],
    ["a .git component deeper down", "hostile/nested-git", "vendor/.git/config", /invalid path 'vendor\/\.git\/config'/],
    ["a name longer than the file system allows", "hostile/long-name", `${"n".repeat(300)}.ts`, /cannot stat 'n{100}/],
  ])("%s → checkout_failed, permanent, nothing left behind", async (_name, slug, path, message) => {
    await server.importCommit(slug, {
      files: [
        ["src/index.ts", "export {};\n"],
        [path, { executable: "#!/bin/sh\necho pwned\n" }],
      ],
    });
    const error = await failure(slug);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ code: "checkout_failed", permanent: true });
    expect((error as FetchError).message).toMatch(/^the commit cannot be checked out of http:\/\/127\.0\.0\.1:\d+\/hostile\/[\w-]+: /);
    expect((error as FetchError).message).toMatch(message);
    expect(readdirSync(tempRoot)).toEqual([]);
  });
});
