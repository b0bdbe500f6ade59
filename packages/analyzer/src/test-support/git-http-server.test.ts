import { readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.js";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "lastcall-git-server-test-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function gitClone(url: string, dir: string, ...args: string[]) {
  return execa("git", ["clone", "--quiet", ...args, url, dir], { env: { GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" } });
}

describe("startGitHttpServer", () => {
  let server: GitHttpServer;
  const shas: string[] = [];

  beforeAll(async () => {
    server = await startGitHttpServer();
    shas.push(await server.commit("acme/repo", { files: { "a.txt": "one\n", link: { symlink: "a.txt" } }, tag: "v1" }));
    shas.push(await server.commit("acme/repo", { files: { "a.txt": "two\n" }, message: "second" }));
    shas.push(await server.commit("acme/repo", { files: { "b.txt": "branch\n" }, branch: "topic" }));
  });
  afterAll(() => server.close());

  it("listens on loopback", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves shallow clones over smart HTTP", async () => {
    const dir = join(scratch, "shallow");
    await gitClone(`${server.url}/acme/repo.git`, dir, "--depth=1");
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("two\n");
    expect(readlinkSync(join(dir, "link"))).toBe("a.txt");
    expect((await execa("git", ["rev-list", "--count", "HEAD"], { cwd: dir })).stdout).toBe("1");
    expect((await execa("git", ["rev-parse", "HEAD"], { cwd: dir })).stdout).toBe(shas[1]);
    expect(server.requests).toContain("GET /acme/repo.git/info/refs?service=git-upload-pack");
    expect(server.requests).toContain("POST /acme/repo.git/git-upload-pack");
  });

  it("serves branches and tags", async () => {
    const topic = join(scratch, "topic");
    await gitClone(`${server.url}/acme/repo.git`, topic, "--branch=topic");
    expect((await execa("git", ["rev-parse", "HEAD"], { cwd: topic })).stdout).toBe(shas[2]);
    const tag = join(scratch, "tag");
    await gitClone(`${server.url}/acme/repo.git`, tag, "--branch=v1", "--depth=1");
    expect(readFileSync(join(tag, "a.txt"), "utf8")).toBe("one\n");
  });

  it("answers 404 for unknown repositories", async () => {
    const failure = gitClone(`${server.url}/acme/missing.git`, join(scratch, "missing"));
    await expect(failure).rejects.toThrow(/not found/);
  });
});

describe("GitHttpServer.close", () => {
  it("stops serving, ends requests in flight and is idempotent", async () => {
    const server = await startGitHttpServer({ responseDelayMs: 60_000 });
    await server.commit("acme/repo", { files: { "a.txt": "x\n" } });
    const pending = gitClone(`${server.url}/acme/repo.git`, join(scratch, "pending")).then(
      () => "cloned",
      (error: Error) => error.message,
    );
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([server.close(), server.close()]);
    await expect(pending).resolves.toMatch(/unable to access/);
    await expect(fetch(`${server.url}/acme/repo.git/info/refs`)).rejects.toThrow();
  });
});
