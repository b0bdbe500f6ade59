import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRules } from "../test-support/sample-rules.js";
import { allRules } from "./index.js";
import type { Rule } from "./rule.js";
import { findRule, readRuleDoc } from "./rule-docs.js";

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

describe("findRule", () => {
  it("finds a rule by id in any case, or by name", () => {
    expect(findRule(rules, "SD003")?.meta.name).toBe("stdio-eof-not-handled");
    expect(findRule(rules, "sd003")?.meta.name).toBe("stdio-eof-not-handled");
    expect(findRule(rules, "stdio-eof-not-handled")?.meta.id).toBe("SD003");
    expect(findRule(rules, "SD999")).toBeUndefined();
  });
});

describe("readRuleDoc", () => {
  it("walks up from the start directory to docs/rules/<ID>-<name>.md", async () => {
    const start = join(tree, "packages", "analyzer", "dist", "cli");
    await expect(readRuleDoc(rule("SD003"), start)).resolves.toBe("# SD003 stdio-eof-not-handled\n\nClose on **EOF**.\n");
    await expect(readRuleDoc(rule("SD001"), start)).resolves.toBeUndefined();
  });

  it("starts from the analyzer package by default, finding the repository's docs", async () => {
    const real = allRules.find(({ meta }) => meta.id === "SD003");
    if (!real) throw new Error("SD003 is not registered");
    await expect(readRuleDoc(real)).resolves.toMatch(/^# SD003 stdio-eof-not-handled\n/);
  });
});
