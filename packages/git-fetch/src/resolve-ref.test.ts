import { type GitHttpServer, startGitHttpServer } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError } from "./fetch-error.js";
import { githubCloneUrl } from "./github-clone-url.js";
import { type ResolveRefOptions, resolveRef } from "./resolve-ref.js";

let server: GitHttpServer;
const shas: Record<string, string> = {};

beforeAll(async () => {
  server = await startGitHttpServer();
  shas.first = await server.commit("acme/server", { files: { "a.txt": "1\n" }, tag: "v1" });
  shas.main = await server.commit("acme/server", { files: { "a.txt": "2\n" }, tag: "v2", tagMessage: "release 2" });
  shas.feature = await server.commit("acme/server", { files: { "b.txt": "b\n" }, branch: "feature" });
  shas.ambiguous = await server.commit("acme/server", { files: { "c.txt": "c\n" }, branch: "v1" });
});

afterAll(() => server.close());

function options(extra: Partial<ResolveRefOptions> = {}): ResolveRefOptions {
  return { server: new URL(server.url), gitEnv: { PATH: process.env.PATH ?? "" }, ...extra };
}

function resolve(ref: string | undefined, repo = "server") {
  return resolveRef(githubCloneUrl(new URL(server.url), "acme", repo), ref, options());
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FetchError)) throw new Error(`expected a FetchError, got ${String(error)}`);
  return error;
}

describe("resolveRef", () => {
  it("resolves the default branch when no ref is given", async () => {
    expect(await resolve(undefined)).toEqual({
      commit: shas.main,
      refName: "refs/heads/main",
      defaultBranch: "main",
      isDefaultBranch: true,
    });
  });

  it("resolves a branch", async () => {
    expect(await resolve("feature")).toEqual({
      commit: shas.feature,
      refName: "refs/heads/feature",
      defaultBranch: "main",
      isDefaultBranch: false,
    });
  });

  it("resolves a full ref name, as webhooks send it", async () => {
    expect(await resolve("refs/heads/main")).toMatchObject({ commit: shas.main, refName: "refs/heads/main", isDefaultBranch: true });
  });

  it("resolves a lightweight tag", async () => {
    // `v1` is also a branch, which a short name prefers; the full name means the tag.
    expect(await resolve("refs/tags/v1")).toMatchObject({ commit: shas.first, refName: "refs/tags/v1", isDefaultBranch: false });
  });

  it("resolves an annotated tag to the commit it tags", async () => {
    expect(await resolve("v2")).toEqual({ commit: shas.main, refName: "refs/tags/v2", defaultBranch: "main", isDefaultBranch: false });
  });

  it("prefers a branch to a tag of the same name, as git clone --branch does", async () => {
    expect(await resolve("v1")).toMatchObject({ commit: shas.ambiguous, refName: "refs/heads/v1" });
  });

  it("takes a full sha as it is, in lower case, and still learns the default branch", async () => {
    const sha = shas.first?.toUpperCase();
    expect(await resolve(sha)).toEqual({ commit: shas.first, refName: shas.first, defaultBranch: "main", isDefaultBranch: false });
  });

  it("fails with ref_not_found on a missing ref", async () => {
    const error = await failure(resolve("nope"));
    expect(error).toMatchObject({ code: "ref_not_found", permanent: true });
    expect(error.message).toMatch(/^the ref nope does not exist in http:\/\/127\.0\.0\.1:\d+\/acme\/server$/);
  });

  it("fails with ref_not_found on an invalid ref, without asking the server", async () => {
    const before = server.requests.length;
    for (const ref of ["a..b", "--upload-pack=touch", "feature*", ""]) {
      expect(await failure(resolve(ref))).toMatchObject({ code: "ref_not_found" });
    }
    expect(server.requests.length).toBe(before);
  });

  it("fails with repo_not_found on a missing repository", async () => {
    const error = await failure(resolve("main", "missing"));
    expect(error).toMatchObject({ code: "repo_not_found", permanent: true });
    expect(error.message).toMatch(/^the repository http:\/\/127\.0\.0\.1:\d+\/acme\/missing does not exist or is not accessible$/);
  });

  it("fails with host_not_allowed on a clone URL that is not on the server", async () => {
    const error = await failure(resolveRef("http://127.0.0.1:1/acme/server.git", "main", options()));
    expect(error).toMatchObject({ code: "host_not_allowed", permanent: true });
  });

  describe("against a server that does not answer", () => {
    let silent: GitHttpServer;
    beforeAll(async () => {
      silent = await startGitHttpServer({ responseDelayMs: 30_000 });
    });
    afterAll(() => silent.close());

    it("gives up at the time limit with fetch_timeout", async () => {
      const on = new URL(silent.url);
      const error = await failure(resolveRef(githubCloneUrl(on, "acme", "slow"), undefined, options({ server: on, timeoutMs: 300 })));
      expect(error).toMatchObject({ code: "fetch_timeout", message: `fetching ${silent.url}/acme/slow timed out after 0.3 s` });
    });

    it("rejects with the reason of an abort", async () => {
      const on = new URL(silent.url);
      const controller = new AbortController();
      setTimeout(() => controller.abort("SIGTERM"), 200);
      const resolving = resolveRef(githubCloneUrl(on, "acme", "slow"), undefined, options({ server: on, signal: controller.signal }));
      await expect(resolving).rejects.toBe("SIGTERM");
    });
  });
});
