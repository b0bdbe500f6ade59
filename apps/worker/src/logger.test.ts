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
});
