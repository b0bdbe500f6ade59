import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allRules } from "./index.js";
import { formatMessage, ruleDocsPath } from "./rule.js";

const rulesDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(rulesDir, "../../../..");
const RULE_FILE = /^(SD\d{3})-([a-z0-9-]+)\.ts$/;

/** The rule table of the rule set the analyzer implements (shared/RULES.md, mirrored by docs/rules/README.md). */
function documentedRules(): Array<{ id: string; name: string }> {
  const table = readFileSync(path.join(repoRoot, "docs/rules/README.md"), "utf8");
  return [...table.matchAll(/\[(SD\d{3})\]\([^)]*\)\s*\|\s*`?([a-z0-9-]+)`?/g)].map((match) => ({
    id: match[1] as string,
    name: match[2] as string,
  }));
}

describe("rule registry", () => {
  it("registers every rule module, once, sorted by id", () => {
    const files = readdirSync(rulesDir).filter((file) => RULE_FILE.test(file));
    const fromFiles = files.map((file) => RULE_FILE.exec(file)?.slice(1, 3).join("-")).sort();
    expect(allRules.map((rule) => `${rule.meta.id}-${rule.meta.name}`)).toEqual(fromFiles);
    expect(new Set(allRules.map((rule) => rule.meta.id)).size).toBe(allRules.length);
    expect(allRules.map((rule) => rule.meta.id)).toEqual([...allRules.map((rule) => rule.meta.id)].sort());
  });

  it("implements exactly the documented rule set", () => {
    expect(allRules.map((rule) => ({ id: rule.meta.id, name: rule.meta.name }))).toEqual(documentedRules());
  });

  it.each(allRules.map((rule) => [rule.meta.id, rule] as const))("%s has a docs page, tests and complete metadata", (_id, rule) => {
    const docs = path.join(repoRoot, ruleDocsPath(rule.meta));
    expect(existsSync(docs), `${ruleDocsPath(rule.meta)} is missing`).toBe(true);
    expect(readFileSync(docs, "utf8").startsWith(`# ${rule.meta.id} ${rule.meta.name}\n`)).toBe(true);
    expect(existsSync(path.join(rulesDir, `${rule.meta.id}-${rule.meta.name}.test.ts`))).toBe(true);
    expect(rule.docsUrl.endsWith(`/docs/rules/${rule.meta.id}-${rule.meta.name}.md`)).toBe(true);
    for (const field of ["title", "rationale", "remediation"] as const) expect(rule.meta[field].length).toBeGreaterThan(10);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
  });
});

describe("formatMessage", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(formatMessage("{a} and {b}", { a: "x" })).toBe("x and {b}");
  });
});
