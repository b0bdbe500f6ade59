import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import type { Rule } from "../rules/rule.js";
import { findRule } from "../rules/rule-docs.js";
import { runCliCaptured } from "../test-support/run-cli-captured.js";
import { sampleRules } from "../test-support/sample-rules.js";
import { explainRule, formatRuleSummary } from "./explain-command.js";

const rules = sampleRules();

function rule(id: string): Rule {
  const found = findRule(rules, id);
  if (!found) throw new Error(`no sample rule ${id}`);
  return found;
}
let tree: string;

beforeAll(async () => {
  tree = await mkdtemp(join(tmpdir(), "lastcall-docs-"));
  await mkdir(join(tree, "docs", "rules"), { recursive: true });
  await mkdir(join(tree, "packages", "analyzer", "dist", "cli"), { recursive: true });
  await writeFile(join(tree, "docs", "rules", "SD003-stdio-eof-not-handled.md"), "# SD003 stdio-eof-not-handled\n\nClose on **EOF**.\n");
});
afterAll(() => rm(tree, { recursive: true, force: true }));

describe("explainRule", () => {
  const start = () => join(tree, "packages", "analyzer");

  it("renders the docs page when there is one", async () => {
    await expect(explainRule("sd003", { rules, docsFrom: start(), color: false })).resolves.toBe(
      "SD003 stdio-eof-not-handled\n\nClose on EOF.\n",
    );
  });

  it("falls back to the rule's own text", async () => {
    const text = await explainRule("no-termination-signal-handler", { rules, docsFrom: start(), color: false });
    expect(text).toBe(formatRuleSummary(rule("SD001"), false));
    expect(text.split("\n")).toEqual([
      "SD001 no-termination-signal-handler",
      "An entry point has no SIGTERM listener.",
      "",
      "Category: A (Lifecycle and signals) · default severity: high",
      "",
      "Why it matters",
      "Why no-termination-signal-handler matters: an abrupt shutdown loses work and leaks what the process holds.",
      "",
      "How to fix",
      "Fix no-termination-signal-handler: make the shutdown path release it within the deadline.",
      "",
      "Docs: https://github.com/lastcall-dev/lastcall/blob/main/docs/rules/SD001-no-termination-signal-handler.md",
      "",
    ]);
  });

  it("rejects an unknown rule", async () => {
    await expect(explainRule("SD999", { rules, docsFrom: start(), color: false })).rejects.toThrow(
      'unknown rule: SD999 (run "lastcall rules" for the list)',
    );
  });
});

describe("lastcall explain", () => {
  it("prints a rule's documentation by id or by name", async () => {
    const byId = await runCliCaptured(["explain", "SD003"]);
    expect(byId.code).toBe(0);
    expect(byId.stdout.split("\n")[0]).toBe("SD003 stdio-eof-not-handled");
    expect(byId.stdout.length).toBeGreaterThan(200);
    const byName = await runCliCaptured(["explain", "stdio-eof-not-handled"]);
    expect(byName.stdout).toBe(byId.stdout);
  });

  it("covers every registered rule", async () => {
    for (const rule of allRules) {
      const run = await runCliCaptured(["explain", rule.meta.id]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${rule.meta.id} ${rule.meta.name}`);
    }
  });

  it("exits 2 on an unknown rule", async () => {
    const run = await runCliCaptured(["explain", "SD999"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('lastcall: unknown rule: SD999 (run "lastcall rules" for the list)\n');
  });
});
