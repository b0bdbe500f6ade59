import type { Command } from "commander";
import pc from "picocolors";
import { allRules } from "../rules/index.js";
import type { Rule } from "../rules/rule.js";
import { findRule, readRuleDoc } from "../rules/rule-docs.js";
import { CATEGORIES } from "../scoring/categories.js";
import type { CommandContext } from "./cli-io.js";
import { InputError } from "./input-error.js";
import { renderMarkdownForTerminal } from "./render-markdown.js";

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
  options: { rules: readonly Rule[]; docsFrom?: string; color: boolean },
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
      context.io.stdout.write(await explainRule(idOrName, { rules: allRules, color }));
    });
}
