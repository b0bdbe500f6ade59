import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.js";

const run = promisify(execFile);

let strict: GitHttpServer;
let github: GitHttpServer;

beforeAll(async () => {
  [strict, github] = await Promise.all([startGitHttpServer(), startGitHttpServer({ caseInsensitive: true })]);
});

afterAll(() => Promise.all([strict?.close(), github?.close()]));

async function lsRemote(url: string): Promise<string> {
  const env = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };
  return (await run("git", ["ls-remote", url, "HEAD"], { env })).stdout.split("\t")[0] ?? "";
}

describe("startGitHttpServer({ caseInsensitive })", () => {
  it("matches owner and repository names ignoring case, as GitHub does", async () => {
    const sha = await github.commit("Acme/Server", { files: { "a.txt": "a\n" } });
    for (const slug of ["Acme/Server", "acme/server", "ACME/SERVER"]) expect(await lsRemote(`${github.url}/${slug}.git`)).toBe(sha);
    expect(await github.commit("acme/SERVER", { files: { "b.txt": "b\n" } })).not.toBe(sha);
  });

  it("is off by default: names match exactly", async () => {
    const sha = await strict.commit("acme/server", { files: { "a.txt": "a\n" } });
    expect(await lsRemote(`${strict.url}/acme/server.git`)).toBe(sha);
    await expect(lsRemote(`${strict.url}/ACME/server.git`)).rejects.toThrow(/not found/);
  });
});
