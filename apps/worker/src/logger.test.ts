import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

describe("createLogger", () => {
  it("writes JSON lines with secrets censored", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("info", sink);
    logger.info({ token: "ghs_abc", installation: { token: "ghs_def", id: 7 }, authorization: "Bearer x" }, "fetched");
    const entry = JSON.parse(lines[0] ?? "{}");
    expect(entry).toMatchObject({ msg: "fetched", service: "lastcall-worker", token: "[redacted]", authorization: "[redacted]" });
    expect(entry.installation).toEqual({ token: "[redacted]", id: 7 });
    expect(lines.join("")).not.toContain("ghs_");
  });

  it("censors keys, client secrets, OAuth tokens, cookies and credential headers too", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger("info", sink).info(
      {
        privateKey: "-----BEGIN RSA PRIVATE KEY-----",
        app: { clientSecret: "cs-1", webhookSecret: "wh-1" },
        client_secret: "cs-2",
        access_token: "ghu_1",
        session: { refresh_token: "ghr_1", cookie: "lastcall_session=abc" },
        request: { url: "/x", headers: { authorization: "Bearer ghu_2", cookie: "lastcall_session=def", "set-cookie": "s=1" } },
        headers: { authorization: "token ghs_3" },
        password: "hunter2",
      },
      "everything secret",
    );
    const entry = JSON.parse(lines[0] ?? "{}");
    expect(entry.request).toEqual({
      url: "/x",
      headers: { authorization: "[redacted]", cookie: "[redacted]", "set-cookie": "[redacted]" },
    });
    expect(lines.join("")).not.toMatch(/BEGIN RSA|cs-1|cs-2|wh-1|ghu_|ghr_|ghs_|hunter2|abc|def/);
  });
});
