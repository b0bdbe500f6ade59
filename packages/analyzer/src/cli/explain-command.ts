import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import pc from "picocolors";
import { allRules } from "../rules/index.js";
import { type Rule, ruleDocsPath } from "../rules/rule.js";
import { CATEGORIES } from "../scoring/categories.js";
import type { CommandContext } from "./cli-io.js";
import { InputError } from "./input-error.js";
import { renderMarkdownForTerminal } from "./render-markdown.js";

/** The analyzer package's directory, from `src/cli` and from `dist/cli` alike. */
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** By id (`SD003`, any case) or by name (`stdio-eof-not-handled`). */
export function findRule(rules: readonly Rule[], idOrName: string): Rule | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return rules.find(({ meta }) => meta.id.toLowerCase() === wanted || meta.name === wanted);
}

/**
 * The rule's docs page, `docs/rules/<ID>-<name>.md`, looked for in `startDir` and each directory
 * above it: the docs live at the repository root, above the package, and are not published with it.
 */
export async function readRuleDoc(rule: Rule, startDir: string): Promise<string | undefined> {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const text = await readFile(join(dir, ruleDocsPath(rule.meta)), "utf8").catch(() => undefined);
    if (text !== undefined) return text;
    if (dirname(dir) === dir) return undefined;
  }
}

/** What the rule says about itself, for installs without the docs pages. */
export function formatRuleSummary(rule: Rule, color: boolean): string {
  const c = pc.createColors(color);
  const { meta } = rule;
  const category = CATEGORIES.find(({ id }) => id === meta.category);
  return [
    c.bold(`${meta.id} ${meta.name}`),
    meta.title,
    "",
    `Category: ${meta.category}${category ? ` (${category.name})` : ""} · default severity: ${meta.severity}`,
    "",
    c.bold("Why it matters"),
    meta.rationale,
    "",
    c.bold("How to fix"),
    meta.remediation,
    "",
    `Docs: ${rule.docsUrl}`,
    "",
  ].join("\n");
}

export async function explainRule(
  idOrName: string,
  options: { rules: readonly Rule[]; docsFrom: string; color: boolean },
): Promise<string> {
  const rule = findRule(options.rules, idOrName);
  if (rule === undefined) throw new InputError(`unknown rule: ${idOrName} (run "lastcall rules" for the list)`);
  const doc = await readRuleDoc(rule, options.docsFrom);
  return doc === undefined ? formatRuleSummary(rule, options.color) : renderMarkdownForTerminal(doc, { color: options.color });
}

export function registerExplainCommand(program: Command, context: CommandContext): void {
  program
    .command("explain")
    .description("show a rule's documentation")
    .argument("<rule>", "rule id (SD003) or name (stdio-eof-not-handled)")
    .action(async (idOrName: string) => {
      const color = context.io.stdout.isTTY === true && !context.env.noColor;
      context.io.stdout.write(await explainRule(idOrName, { rules: allRules, docsFrom: PACKAGE_DIR, color }));
    });
}
