import { describe, expect, it } from "vitest";
import { parseInlineSuppressions } from "./parse-inline-suppressions.js";

describe("parseInlineSuppressions", () => {
  it("covers the comment's line and the next line", () => {
    const text = ["const a = 1;", "// lastcall-ignore SD009 -- closed by the host process", "setInterval(f, 10);"].join("\n");
    const { byLine, missingReason } = parseInlineSuppressions(text);
    expect(byLine.get(2)).toEqual([{ rules: ["SD009"], reason: "closed by the host process" }]);
    expect(byLine.get(3)).toEqual([{ rules: ["SD009"], reason: "closed by the host process" }]);
    expect(byLine.has(1)).toBe(false);
    expect(missingReason).toEqual([]);
  });

  it("accepts several rules, names, block and hash comments", () => {
    const text = [
      "x(); /* lastcall-ignore SD002, resource-left-open -- test harness */",
      "# lastcall-ignore SD016 -- the image is only used in CI",
    ].join("\n");
    const { byLine } = parseInlineSuppressions(text);
    expect(byLine.get(1)?.[0]).toEqual({ rules: ["SD002", "resource-left-open"], reason: "test harness" });
    expect(byLine.get(2)?.map((s) => s.rules)).toEqual([["SD002", "resource-left-open"], ["SD016"]]);
  });

  it("rejects a suppression without a reason", () => {
    const { byLine, missingReason } = parseInlineSuppressions("// lastcall-ignore SD009\nfoo();\n// lastcall-ignore SD001 --   \n");
    expect(byLine.size).toBe(0);
    expect(missingReason).toEqual([1, 3]);
  });
});
