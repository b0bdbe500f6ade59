import { describe, expect, it } from "vitest";
import { truncateEnd, truncateStart } from "./truncate-text.js";

describe("truncateEnd", () => {
  it("keeps short text and cuts long text to the limit with an ellipsis", () => {
    expect(truncateEnd("abc", 3)).toBe("abc");
    expect(truncateEnd("abcdef", 4)).toBe("abc\u2026");
  });

  it("never leaves half a surrogate pair", () => {
    const cut = truncateEnd("ab😀cd", 4);
    expect(cut).toBe("ab\u2026");
    // encodeURIComponent throws on a lone surrogate.
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });
});

describe("truncateStart", () => {
  it("keeps the end of a path", () => {
    expect(truncateStart("a/b/c/file.ts", 8)).toBe("\u2026file.ts");
    expect(truncateStart("file.ts", 8)).toBe("file.ts");
  });

  it("never leaves half a surrogate pair", () => {
    expect(() => encodeURIComponent(truncateStart("ab😀cd", 4))).not.toThrow();
  });
});
