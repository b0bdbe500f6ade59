import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Rule, ruleDocsPath } from "./rule.js";

/** The analyzer package's directory, from `src/rules` and from `dist/rules` alike. */
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** By id (`SD003`, any case) or by name (`stdio-eof-not-handled`). */
export function findRule(rules: readonly Rule[], idOrName: string): Rule | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return rules.find(({ meta }) => meta.id.toLowerCase() === wanted || meta.name === wanted);
}

/**
 * The rule's docs page, `docs/rules/<ID>-<name>.md`, looked for in `startDir` and each directory
 * above it: the docs live at the repository root, above the package, and are not published with it.
 * `lastcall explain` and the web app's rule pages both read them this way.
 */
export async function readRuleDoc(rule: Rule, startDir: string = PACKAGE_DIR): Promise<string | undefined> {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const text = await readFile(join(dir, ruleDocsPath(rule.meta)), "utf8").catch(() => undefined);
    if (text !== undefined) return text;
    if (dirname(dir) === dir) return undefined;
  }
}
