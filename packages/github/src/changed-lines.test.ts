import { describe, expect, it } from "vitest";
import { changedLinesFromPatches } from "./changed-lines.js";

describe("changedLinesFromPatches", () => {
  it("collects the new-side numbers of added lines across hunks", () => {
    const patch = [
      "@@ -1,4 +1,5 @@ import x",
      " line 1",
      "-old 2",
      "+new 2",
      "+new 3",
      " line 4",
      "@@ -20,3 +21,3 @@ function f() {",
      " a",
      "-b",
      "+c",
      " d",
      "\\ No newline at end of file",
    ].join("\n");
    const changed = changedLinesFromPatches([{ filename: "src/a.ts", status: "modified", patch }]);
    expect(changed.get("src/a.ts")).toEqual(new Set([2, 3, 22]));
  });

  it("reads hunk headers without counts and added lines that look like headers", () => {
    const patch = ["@@ -5 +5 @@", "-x", "+y", "@@ -9,0 +10,2 @@", "+++ not a header", "+--- neither"].join("\n");
    expect(changedLinesFromPatches([{ filename: "a", status: "modified", patch }]).get("a")).toEqual(new Set([5, 10, 11]));
  });

  it("counts a hunk of removals only as no change", () => {
    const patch = ["@@ -3,2 +2,0 @@", "-a", "-b"].join("\n");
    expect(changedLinesFromPatches([{ filename: "a", status: "modified", patch }]).get("a")).toEqual(new Set());
  });

  it("takes an added or copied file whole, even without a patch", () => {
    const changed = changedLinesFromPatches([
      { filename: "new.ts", status: "added", patch: "@@ -0,0 +1,2 @@\n+a\n+b" },
      { filename: "huge.ts", status: "added" },
      { filename: "copy.ts", status: "copied" },
    ]);
    expect(changed.get("new.ts")).toBe("all");
    expect(changed.get("huge.ts")).toBe("all");
    expect(changed.get("copy.ts")).toBe("all");
  });

  it("leaves out removed files and modified files whose patch GitHub did not send", () => {
    const changed = changedLinesFromPatches([
      { filename: "gone.ts", status: "removed", patch: "@@ -1,1 +0,0 @@\n-a" },
      { filename: "big.ts", status: "modified" },
    ]);
    expect([...changed.keys()]).toEqual([]);
  });

  it("reads a renamed file's patch under its new name", () => {
    const changed = changedLinesFromPatches([{ filename: "src/new-name.ts", status: "renamed", patch: "@@ -1,2 +1,2 @@\n a\n-b\n+c" }]);
    expect(changed.get("src/new-name.ts")).toEqual(new Set([2]));
  });
});
