import { describe, expect, it } from "vitest";
import { storableJson, storableText } from "./storable-text.js";

describe("storableText / storableJson", () => {
  it("replaces NUL, which PostgreSQL text cannot hold, and nothing else", () => {
    expect(storableText("a\u0000b\u0000")).toBe("a\uFFFDb\uFFFD");
    // A backslash and "u0000" as written in source code is text, not a NUL.
    expect(storableText("\\u0000")).toBe("\\u0000");
  });

  it("reaches every string of nested data, keeping its shape", () => {
    const report = { findings: [{ excerpt: "exit(0); // \u0000", line: 3, source: "\\u0000" }], score: null, ok: true };
    expect(storableJson(report)).toEqual({
      findings: [{ excerpt: "exit(0); // \uFFFD", line: 3, source: "\\u0000" }],
      score: null,
      ok: true,
    });
  });
});
