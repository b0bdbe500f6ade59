import { describe, expect, it } from "vitest";
import { sarifFileName } from "./scan-sarif.js";

describe("sarifFileName", () => {
  it("names the repository and the short commit", () => {
    expect(sarifFileName("acme", "server", "0123456789abcdef0123456789abcdef01234567")).toBe("lastcall-acme-server-0123456.sarif");
  });

  it("never lets a quote or a line break into the header", () => {
    expect(sarifFileName('a"b', "c\r\nd", null)).toBe("lastcall-a_b-c__d-unknown.sarif");
  });
});
