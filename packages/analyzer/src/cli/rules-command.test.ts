import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { runCliCaptured } from "../test-support/run-cli-captured.js";
import { sampleRules } from "../test-support/sample-rules.js";
import { formatRulesTable } from "./rules-command.js";

describe("formatRulesTable", () => {
  it("lists id, name, category, severity and title in aligned columns", () => {
    const lines = formatRulesTable(sampleRules(), false).split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "ID     NAME                                        CATEGORY  SEVERITY  TITLE",
      "SD001  no-termination-signal-handler               A         high      An entry point has no SIGTERM listener.",
      "SD002  abrupt-exit-in-shutdown                     A         high      The shutdown path exits before its cleanup is awaited.",
    ]);
    expect(lines).toHaveLength(1 + 20 + 1);
    expect(lines.at(-1)).toBe("");
  });

  it("bolds the header only with colour", () => {
    expect(formatRulesTable(sampleRules(), true).startsWith("\u001b[1mID ")).toBe(true);
  });
});

describe("lastcall rules", () => {
  it("prints every registered rule", async () => {
    const run = await runCliCaptured(["rules"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const rows = run.stdout.trimEnd().split("\n").slice(1);
    expect(rows.map((row) => row.slice(0, 5))).toEqual(allRules.map((rule) => rule.meta.id));
    for (const [index, rule] of allRules.entries()) {
      expect(rows[index]).toContain(rule.meta.name);
      expect(rows[index]?.endsWith(rule.meta.title)).toBe(true);
    }
  });
});
