import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.js";

const run = promisify(execFile);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "lastcall-git-server-test-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Runs git without the user's configuration and returns its trimmed output. */
async function git(args: string[], cwd?: string): Promise<string> {
  const env = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };
  return (await run("git", args, { cwd, env })).stdout.trim();
}

function gitClone(url: string, dir: string, ...args: string[]) {
  return git(["clone", "--quiet", ...args, url, dir]);
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
    expect(await git(["rev-list", "--count", "HEAD"], dir)).toBe("1");
    expect(await git(["rev-parse", "HEAD"], dir)).toBe(shas[1]);
    expect(server.requests).toContain("GET /acme/repo.git/info/refs?service=git-upload-pack");
    expect(server.requests).toContain("POST /acme/repo.git/git-upload-pack");
  });

  it("serves branches and tags", async () => {
    const topic = join(scratch, "topic");
    await gitClone(`${server.url}/acme/repo.git`, topic, "--branch=topic");
    expect(await git(["rev-parse", "HEAD"], topic)).toBe(shas[2]);
    const tag = join(scratch, "tag");
    await gitClone(`${server.url}/acme/repo.git`, tag, "--branch=v1", "--depth=1");
    expect(readFileSync(join(tag, "a.txt"), "utf8")).toBe("one\n");
  });

  it("serves annotated tags with their peeled commit", async () => {
    const sha = await server.commit("acme/tags", { files: { "a.txt": "tagged\n" }, tag: "v2", tagMessage: "release 2" });
    const refs = await git(["ls-remote", `${server.url}/acme/tags.git`, "refs/tags/*"]);
    const lines = refs.split("\n").map((line) => line.split("\t"));
    expect(lines.find(([, name]) => name === "refs/tags/v2^{}")?.[0]).toBe(sha);
    expect(lines.find(([, name]) => name === "refs/tags/v2")?.[0]).not.toBe(sha);
  });

  it.each(["2", "0"])("lets protocol v%s clients fetch a commit that is no branch tip by sha", async (version) => {
    const dir = join(scratch, `by-sha-v${version}`);
    await git(["init", "--quiet", dir]);
    await git(["-c", `protocol.version=${version}`, "fetch", "--quiet", "--depth=1", `${server.url}/acme/repo.git`, shas[0] ?? ""], dir);
    expect(await git(["show", `${shas[0]}:a.txt`], dir)).toBe("one");
  });

  it("answers 404 for unknown repositories", async () => {
    const failure = gitClone(`${server.url}/acme/missing.git`, join(scratch, "missing"));
    await expect(failure).rejects.toThrow(/not found/);
  });
});

describe("startGitHttpServer({ responseBytesPerSecond })", () => {
  it("serves binary files and sends bodies no faster than asked", async () => {
    const server = await startGitHttpServer({ responseBytesPerSecond: 256 * 1024 });
    const noise = randomBytes(256 * 1024);
    await server.commit("acme/noise", { files: { "noise.bin": noise } });
    const started = Date.now();
    await gitClone(`${server.url}/acme/noise.git`, join(scratch, "noise"), "--depth=1");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(readFileSync(join(scratch, "noise", "noise.bin")).equals(noise)).toBe(true);
    await server.close();
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
