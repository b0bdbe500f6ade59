import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { execa } from "execa";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FetchError, type FetchErrorCode } from "./fetch-error.js";
import { type Checkout, type FetchGithubRepoOptions, type FetchTarget, fetchGithubRepo } from "./fetch-github-repo.js";
import { githubCloneUrl } from "./github-clone-url.js";
import { parseGithubUrl } from "./parse-github-url.js";

const MiB = 1024 * 1024;
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
  shas.main = await server.commit("acme/server", { files: { "CHANGELOG.md": "# 1.1\n" }, tag: "v1.1.0", tagMessage: "release 1.1" });
  shas.feature = await server.commit("acme/server", { files: { "feature.txt": "on a branch\n" }, branch: "feature" });
  await server.commit("acme/noise", { files: { "noise.bin": randomBytes(2 * MiB) } });
  await server.commit("acme/zeros", { files: { "zeros.bin": Buffer.alloc(5 * MiB) } });
  await server.commit("acme/many", {
    files: Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`file-${index}.txt`, `${index}\n`])),
  });
});

afterAll(() => server.close());

beforeEach(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), "lastcall-fetch-test-"));
  return () => rm(tempRoot, { recursive: true, force: true });
});

function repoAt(path: string, on: GitHttpServer = server): FetchTarget {
  const result = parseGithubUrl(`${on.url}${path}`, new URL(on.url));
  if (!result.ok) throw new Error(result.reason);
  return result.repo;
}

function options(extra: Partial<FetchGithubRepoOptions> = {}): FetchGithubRepoOptions {
  return { server: new URL(server.url), tempRoot, gitEnv: { PATH: process.env.PATH ?? "" }, ...extra };
}

/** Fetches and returns what the checkout looked like, plus how deep its history is. */
async function inspect(path: string, extra: Partial<FetchGithubRepoOptions> = {}) {
  return fetchGithubRepo(repoAt(path), options(extra), async (checkout: Checkout) => ({
    checkout,
    files: readdirSync(checkout.dir).sort(),
    depth: (await execa("git", ["rev-list", "--count", "HEAD"], { cwd: checkout.dir })).stdout,
  }));
}

/** The FetchError a fetch rejects with, after checking that it left nothing behind. */
async function fetchFailure(target: FetchTarget, extra: Partial<FetchGithubRepoOptions> = {}): Promise<FetchError> {
  const error = await fetchGithubRepo(target, options(extra), async () => "unreachable").then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(readdirSync(tempRoot)).toEqual([]);
  if (!(error instanceof FetchError)) throw new Error(`expected a FetchError, got ${String(error)}`);
  return error;
}

describe("fetchGithubRepo", () => {
  it("shallow-fetches the default branch and reports its commit", async () => {
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

  it("checks out the commit an annotated tag points at", async () => {
    const { checkout } = await inspect("/acme/server/tree/v1.1.0");
    expect(checkout.commit).toBe(shas.main);
  });

  it("fetches a commit sha that is no branch tip, shallowly", async () => {
    const { checkout, files, depth } = await inspect(`/acme/server/tree/${shas.tagged}`);
    expect(checkout.commit).toBe(shas.tagged);
    expect(files).not.toContain("CHANGELOG.md");
    expect(depth).toBe("1");
  });

  it("fetches exactly the commit given as an option, not the tip of the ref", async () => {
    const { checkout, files, depth } = await inspect("/acme/server/tree/main", { commit: shas.tagged?.toUpperCase() });
    expect(checkout.commit).toBe(shas.tagged);
    expect(files).not.toContain("CHANGELOG.md");
    expect(depth).toBe("1");
  });

  it("fetches a target built with githubCloneUrl", async () => {
    const target = { cloneUrl: githubCloneUrl(new URL(server.url), "acme", "server"), subdir: "packages/app" };
    const files = await fetchGithubRepo(target, options(), async (checkout) => readdirSync(checkout.dir));
    expect(files).toEqual(["index.ts"]);
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

  it.each<[string, string, FetchErrorCode, RegExp]>([
    [
      "a missing repository",
      "/acme/missing",
      "repo_not_found",
      /^the repository http:\/\/127\.0\.0\.1:\d+\/acme\/missing does not exist or is not accessible$/,
    ],
    [
      "a missing branch",
      "/acme/server/tree/nope",
      "ref_not_found",
      /^the ref nope does not exist in http:\/\/127\.0\.0\.1:\d+\/acme\/server$/,
    ],
    ["a missing commit", `/acme/server/tree/${"0".repeat(40)}`, "ref_not_found", /^the commit 0{40} does not exist in .+\/acme\/server$/],
    ["a missing subdirectory", "/acme/server/tree/main/nope", "subdir_not_found", /^the repository has no directory nope$/],
    [
      "a file as subdirectory",
      "/acme/server/tree/main/package.json",
      "subdir_not_found",
      /^package\.json is not a directory in the repository$/,
    ],
    ["a symlink out of the repository", "/acme/server/tree/main/escape", "subdir_not_found", /^escape leads outside the repository$/],
  ])("fails on %s with a permanent, one-line FetchError and cleans up", async (_name, path, code, message) => {
    const error = await fetchFailure(repoAt(path));
    expect(error).toMatchObject({ code, permanent: true });
    expect(error.message).toMatch(message);
  });

  it("refuses an option commit that is not a full sha", async () => {
    const error = await fetchFailure(repoAt("/acme/server"), { commit: "HEAD~1" });
    expect(error).toMatchObject({ code: "ref_not_found", message: "not a full commit sha: HEAD~1" });
  });

  describe("refuses, before git runs,", () => {
    it.each<[string, (serverUrl: string) => FetchTarget, Partial<FetchGithubRepoOptions>]>([
      ["a clone URL on another port", () => ({ cloneUrl: "http://127.0.0.1:1/acme/server.git" }), {}],
      ["a clone URL with credentials", (serverUrl) => ({ cloneUrl: `${serverUrl.replace("//", "//user:pw@")}/acme/server.git` }), {}],
      ["a clone URL with a dot segment", (serverUrl) => ({ cloneUrl: `${serverUrl}/acme/../acme/server.git` }), {}],
      [
        "plain http to a host that is not loopback",
        () => ({ cloneUrl: "http://example.com/acme/server.git" }),
        { server: new URL("http://example.com") },
      ],
    ])("%s", async (_name, target, extra) => {
      const before = server.requests.length;
      const error = await fetchFailure(target(server.url), extra);
      expect(error).toMatchObject({ code: "host_not_allowed", permanent: true });
      expect(server.requests.length).toBe(before);
    });
  });

  it("reports a server that cannot be reached as transient", async () => {
    const unreachable = new URL("http://127.0.0.1:1");
    const error = await fetchFailure({ cloneUrl: githubCloneUrl(unreachable, "acme", "server") }, { server: unreachable });
    expect(error).toMatchObject({ code: "fetch_failed", permanent: false });
    expect(error.message).toMatch(/^git ls-remote of http:\/\/127\.0\.0\.1:1\/acme\/server failed: fatal: unable to access/);
  });

  it("reports a missing git", async () => {
    const error = await fetchFailure(repoAt("/acme/server"), { gitEnv: { PATH: tempRoot } });
    expect(error).toMatchObject({ code: "git_missing", message: "git is not installed or not on PATH" });
  });

  describe("size limits", () => {
    it("refuses a repository whose transfer outgrows maxBytes", async () => {
      const error = await fetchFailure(repoAt("/acme/noise"), { maxBytes: MiB });
      expect(error).toMatchObject({ code: "repo_too_large", permanent: true });
      expect(error.message).toMatch(/^the repository http:\/\/127\.0\.0\.1:\d+\/acme\/noise is larger than the 1 MiB limit$/);
    });

    it("refuses a small pack whose files would outgrow maxBytes once checked out", async () => {
      const error = await fetchFailure(repoAt("/acme/zeros"), { maxBytes: MiB });
      expect(error).toMatchObject({ code: "repo_too_large" });
      expect(error.message).toMatch(/^the repository .+\/acme\/zeros at [0-9a-f]{12} is larger than the 1 MiB limit once checked out$/);
    });

    it("refuses a tree with more files than maxFiles", async () => {
      const error = await fetchFailure(repoAt("/acme/many"), { maxFiles: 20 });
      expect(error).toMatchObject({ code: "repo_too_large" });
      expect(error.message).toMatch(/^the repository .+\/acme\/many at [0-9a-f]{12} has more than the limit of 20 files$/);
    });

    it("accepts what fits the limits exactly", async () => {
      const files = await fetchGithubRepo(repoAt("/acme/many"), options({ maxFiles: 30 }), async (checkout) => readdirSync(checkout.dir));
      expect(files).toHaveLength(31);
    });

    describe("against a slow server", () => {
      let slow: GitHttpServer;
      beforeAll(async () => {
        slow = await startGitHttpServer({ responseBytesPerSecond: MiB });
        await slow.commit("acme/noise", { files: { "noise.bin": randomBytes(8 * MiB) } });
      });
      afterAll(() => slow.close());

      it("stops the transfer once it outgrows maxBytes instead of waiting for its end", async () => {
        const started = Date.now();
        const error = await fetchFailure(repoAt("/acme/noise", slow), { server: new URL(slow.url), maxBytes: MiB });
        expect(error).toMatchObject({ code: "repo_too_large", message: expect.stringMatching(/is larger than the 1 MiB limit$/) });
        // The whole pack takes 8 s at this rate.
        expect(Date.now() - started).toBeLessThan(4000);
      });
    });
  });

  describe("against a server that does not answer", () => {
    let silent: GitHttpServer;
    beforeAll(async () => {
      silent = await startGitHttpServer({ responseDelayMs: 30_000 });
      await silent.commit("acme/slow", { files: { "index.ts": "export {};\n" } });
    });
    afterAll(() => silent.close());

    it.each([
      ["resolving a branch", "/acme/slow"],
      ["fetching a sha", `/acme/slow/tree/${"1".repeat(40)}`],
    ])("gives up at the time limit while %s and cleans up", async (_name, path) => {
      const started = Date.now();
      const error = await fetchFailure(repoAt(path, silent), { server: new URL(silent.url), timeoutMs: 500 });
      expect(error).toMatchObject({ code: "fetch_timeout", permanent: true });
      expect(error.message).toMatch(/^fetching http:\/\/127\.0\.0\.1:\d+\/acme\/slow timed out after 0\.5 s$/);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it("stops git when aborted, rejects with the abort reason and cleans up", async () => {
      const controller = new AbortController();
      const failure = fetchGithubRepo(
        repoAt("/acme/slow", silent),
        options({ signal: controller.signal, server: new URL(silent.url) }),
        async () => "unreachable",
      );
      setTimeout(() => controller.abort("SIGTERM"), 300);
      await expect(failure).rejects.toBe("SIGTERM");
      expect(readdirSync(tempRoot)).toEqual([]);
    });
  });
});
