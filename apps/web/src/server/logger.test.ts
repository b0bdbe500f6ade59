import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createWebLogger } from "./logger.js";

describe("createWebLogger", () => {
  it("censors sessions, OAuth tokens, client secrets and keys", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createWebLogger("info", sink).warn(
      {
        user: "alice",
        githubToken: "ghu_secret1",
        oauth: { clientSecret: "client-secret-1", access_token: "ghu_secret2" },
        request: { headers: { cookie: "lastcall_session=s3cr3t", authorization: "Bearer ghu_secret3" } },
        privateKey: "-----BEGIN PRIVATE KEY-----",
      },
      "sign-in trouble",
    );
    const entry = JSON.parse(lines[0] ?? "{}");
    expect(entry).toMatchObject({ service: "lastcall-web", user: "alice", githubToken: "[redacted]", msg: "sign-in trouble" });
    expect(entry.request.headers).toEqual({ cookie: "[redacted]", authorization: "[redacted]" });
    expect(lines.join("")).not.toMatch(/ghu_|client-secret-1|s3cr3t|PRIVATE KEY/);
  });
});
