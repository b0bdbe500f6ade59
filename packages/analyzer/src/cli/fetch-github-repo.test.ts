import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitHttpServer, startGitHttpServer } from "../test-support/git-http-server.js";
import { type Checkout, fetchGithubRepo } from "./fetch-github-repo.js";
import { InputError } from "./input-error.js";
import { type GithubRepo, parseGithubUrl } from "./parse-github-url.js";

let server: GitHttpServer;
let tempRoot: string;
const shas: Record<string, string> = {};

beforeAll(async () => {
  server = await startGitHttpServer();
  shas.tagged = await server.commit("acme/server", {
    files: {
      "package.json": '{ "name": "server" }\n',
      "src/index.ts": "export {};\n",
      "packages/app/index.ts": "export const app = 1;\n",
      escape: { symlink: "/etc" },
      inside: { symlink: "packages" },
      ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n",
      "model.bin": "version https://git-lfs.github.com/spec/v1\noid sha256:0000\nsize 4\n",
    },
    tag: "v1.0.0",
  });
  shas.main = await server.commit("acme/server", { files: { "CHANGELOG.md": "# 1.1\n" } });
  shas.feature = await server.commit("acme/server", { files: { "feature.txt": "on a branch\n" }, branch: "feature" });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), "lastcall-fetch-test-"));
  return () => rm(tempRoot, { recursive: true, force: true });
});

function repoAt(path: string): GithubRepo {
  const result = parseGithubUrl(`${server.url}${path}`, new URL(server.url));
  if (!result.ok) throw new Error(result.reason);
  return result.repo;
}

function options(extra: { signal?: AbortSignal; timeoutMs?: number } = {}) {
  return { server: new URL(server.url), tempRoot, gitEnv: { PATH: process.env.PATH ?? "" }, ...extra };
}

/** Fetches and returns what the checkout looked like, plus how deep its history is. */
async function inspect(path: string) {
  return fetchGithubRepo(repoAt(path), options(), async (checkout: Checkout) => ({
    checkout,
    files: readdirSync(checkout.dir).sort(),
    depth: (await execa("git", ["rev-list", "--count", "HEAD"], { cwd: checkout.dir })).stdout,
  }));
}

describe("fetchGithubRepo", () => {
  it("shallow-clones the default branch and reports its commit", async () => {
    const { checkout, files, depth } = await inspect("/acme/server");
    expect(checkout.commit).toBe(shas.main);
    expect(files).toEqual([".git", ".gitattributes", "CHANGELOG.md", "escape", "inside", "model.bin", "package.json", "packages", "src"]);
    expect(depth).toBe("1");
  });

  it("checks out a branch given as /tree/<ref>", async () => {
    const { checkout, files } = await inspect("/acme/server/tree/feature");
    expect(checkout.commit).toBe(shas.feature);
    expect(files).toContain("feature.txt");
  });

  it("checks out a tag", async () => {
    const { checkout, files } = await inspect("/acme/server/tree/v1.0.0");
    expect(checkout.commit).toBe(shas.tagged);
    expect(files).not.toContain("CHANGELOG.md");
  });

  it("fetches a commit sha that is no branch tip, shallowly", async () => {
    const { checkout, files, depth } = await inspect(`/acme/server/tree/${shas.tagged}`);
    expect(checkout.commit).toBe(shas.tagged);
    expect(files).not.toContain("CHANGELOG.md");
    expect(depth).toBe("1");
  });

  it("analyzes a subdirectory given after the ref", async () => {
    const { checkout, files } = await inspect("/acme/server/tree/main/packages/app");
    expect(checkout.dir.endsWith(join("repo", "packages", "app"))).toBe(true);
    expect(files).toEqual(["index.ts"]);
  });

  it("follows a subdirectory symlink that stays inside the repository", async () => {
    const { files } = await inspect("/acme/server/tree/main/inside/app");
    expect(files).toEqual(["index.ts"]);
  });

  it("leaves LFS pointers alone instead of running the LFS filter", async () => {
    const content = await fetchGithubRepo(repoAt("/acme/server"), options(), async (checkout) =>
      readFileSync(join(checkout.dir, "model.bin"), "utf8"),
    );
    expect(content).toBe("version https://git-lfs.github.com/spec/v1\noid sha256:0000\nsize 4\n");
  });

  it("removes the temporary directory after use", async () => {
    let seen = "";
    await fetchGithubRepo(repoAt("/acme/server"), options(), async (checkout) => {
      seen = checkout.dir;
      expect(existsSync(join(checkout.dir, "package.json"))).toBe(true);
    });
    expect(existsSync(seen)).toBe(false);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("removes the temporary directory when the work on the checkout fails", async () => {
    const failure = fetchGithubRepo(repoAt("/acme/server"), options(), async () => {
      throw new Error("analysis failed");
    });
    await expect(failure).rejects.toThrow("analysis failed");
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it.each([
    [
      "a missing repository",
      "/acme/missing",
      /^git clone of http:\/\/127\.0\.0\.1:\d+\/acme\/missing failed: fatal: repository '.+\/acme\/missing\.git\/' not found$/,
    ],
    [
      "a missing branch",
      "/acme/server/tree/nope",
      /^git clone of .+\/acme\/server\/tree\/nope failed: .*Remote branch nope not found in upstream origin$/,
    ],
    ["a missing commit", `/acme/server/tree/${"0".repeat(40)}`, /^git fetch of .+ failed: /],
    ["a missing subdirectory", "/acme/server/tree/main/nope", /^the repository has no directory nope$/],
    ["a file as subdirectory", "/acme/server/tree/main/package.json", /^package\.json is not a directory in the repository$/],
    ["a symlink out of the repository", "/acme/server/tree/main/escape", /^escape leads outside the repository$/],
  ])("fails on %s with a one-line reason and cleans up", async (_name, path, message) => {
    const failure = fetchGithubRepo(repoAt(path), options(), async () => "unreachable");
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(message);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  describe("against a slow server", () => {
    let slow: GitHttpServer;
    beforeAll(async () => {
      slow = await startGitHttpServer({ responseDelayMs: 30_000 });
      await slow.commit("acme/slow", { files: { "index.ts": "export {};\n" } });
    });
    afterAll(() => slow.close());

    function slowRepo(): GithubRepo {
      const result = parseGithubUrl(`${slow.url}/acme/slow`, new URL(slow.url));
      if (!result.ok) throw new Error(result.reason);
      return result.repo;
    }

    it("gives up at the time limit and cleans up", async () => {
      const started = Date.now();
      const failure = fetchGithubRepo(slowRepo(), { ...options({ timeoutMs: 500 }), server: new URL(slow.url) }, async () => "unreachable");
      await expect(failure).rejects.toThrow(/^git clone of http:\/\/127\.0\.0\.1:\d+\/acme\/slow timed out after 0\.5 s$/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(readdirSync(tempRoot)).toEqual([]);
    });

    it("stops git when aborted, rejects with the abort reason and cleans up", async () => {
      const controller = new AbortController();
      const failure = fetchGithubRepo(
        slowRepo(),
        { ...options({ signal: controller.signal }), server: new URL(slow.url) },
        async () => "unreachable",
      );
      setTimeout(() => controller.abort("SIGTERM"), 300);
      await expect(failure).rejects.toBe("SIGTERM");
      expect(readdirSync(tempRoot)).toEqual([]);
    });
  });
});
