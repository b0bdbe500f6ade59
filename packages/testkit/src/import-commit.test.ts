import { execFile } from "node:child_process";
import { readFileSync, readlinkSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.js";

const run = promisify(execFile);

let scratch: string;
let server: GitHttpServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "lastcall-import-test-"));
  server = await startGitHttpServer();
});

afterAll(async () => {
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

async function git(args: string[], cwd?: string): Promise<string> {
  const env = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };
  return (await run("git", args, { cwd, env, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
}

describe("GitHttpServer.importCommit", () => {
  it("writes files, symlinks, executables, gitlinks and names that are not UTF-8, served like any commit", async () => {
    const latin1Name = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x73]); // "café.ts" in Latin-1
    const submodule = "0123456789abcdef0123456789abcdef01234567";
    const sha = await server.importCommit("acme/odd", {
      files: [
        ["src/index.ts", "export const a = 1;\n"],
        ["link", { symlink: "../../outside" }],
        ["run.sh", { executable: "#!/bin/sh\n" }],
        ["vendor/lib", { gitlink: submodule }],
        [latin1Name, Buffer.from([0xff, 0xfe, 0x41])],
        ['quote"and\nnewline.txt', "odd name\n"],
      ],
    });
    const dir = join(scratch, "odd");
    await git(["clone", "--quiet", `${server.url}/acme/odd.git`, dir]);
    expect(await git(["rev-parse", "HEAD"], dir)).toBe(sha);
    expect(readFileSync(join(dir, "src/index.ts"), "utf8")).toBe("export const a = 1;\n");
    expect(readlinkSync(join(dir, "link"))).toBe("../../outside");
    expect(statSync(join(dir, "run.sh")).mode & 0o111).not.toBe(0);
    expect(await git(["ls-tree", "HEAD", "vendor/lib"], dir)).toBe(`160000 commit ${submodule}\tvendor/lib`);
    expect(readFileSync(Buffer.concat([Buffer.from(`${dir}/`), latin1Name]))).toEqual(Buffer.from([0xff, 0xfe, 0x41]));
    expect(readFileSync(join(dir, 'quote"and\nnewline.txt'), "utf8")).toBe("odd name\n");
  });

  it("adds to the branch's tip, and makes any branch name the default, even one that reads as an option", async () => {
    const first = await server.importCommit("acme/grow", { files: [["a.txt", "a\n"]] });
    const branch = "--upload-pack=/tmp/never.sh";
    const second = await server.importCommit("acme/grow", { files: [["b.txt", "b\n"]], branch, defaultBranch: true });
    const refs = await git(["ls-remote", "--symref", `${server.url}/acme/grow.git`]);
    expect(refs).toContain(`ref: refs/heads/${branch}\tHEAD`);
    expect(refs).toContain(`${first}\trefs/heads/main`);
    expect(refs).toContain(`${second}\trefs/heads/${branch}`);
    const third = await server.importCommit("acme/grow", { files: [["c.txt", "c\n"]] });
    const dir = join(scratch, "grow");
    await git(["clone", "--quiet", "--branch=main", `${server.url}/acme/grow.git`, dir]);
    expect(await git(["rev-parse", "HEAD"], dir)).toBe(third);
    expect(await git(["ls-tree", "--name-only", "HEAD"], dir)).toBe("a.txt\nc.txt");
  });

  // The worker's hostile-repository test imports 100,000; here a tenth shows the streaming import works.
  it("writes 10,000 files in one streamed import", async () => {
    function* files(): Generator<[string, string]> {
      for (let i = 0; i < 10_000; i += 1) yield [`d${i % 100}/f${i}.txt`, `${i}\n`];
    }
    const sha = await server.importCommit("acme/many", { files: files() });
    const bare = join(scratch, "many.git");
    await git(["clone", "--quiet", "--bare", "--depth=1", `${server.url}/acme/many.git`, bare]);
    expect(await git(["--git-dir", bare, "rev-parse", "HEAD"])).toBe(sha);
    expect((await git(["--git-dir", bare, "ls-tree", "-r", "--name-only", "HEAD"])).split("\n")).toHaveLength(10_000);
    // A clone of 10,000 files: seconds alone, far more beside the rest of the suite on two cores.
  }, 120_000);
});
