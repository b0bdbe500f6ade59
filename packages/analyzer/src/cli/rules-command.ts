import type { Command } from "commander";
import pc from "picocolors";
import { allRules } from "../rules/index.js";
import type { Rule } from "../rules/rule.js";
import type { CommandContext } from "./cli-io.js";

/** One row per rule, in the given order: id, name, category, severity, title; columns padded to the widest cell. */
export function formatRulesTable(rules: readonly Rule[], color: boolean): string {
  const c = pc.createColors(color);
  const header = ["ID", "NAME", "CATEGORY", "SEVERITY", "TITLE"];
  const rows = rules.map(({ meta }) => [meta.id, meta.name, meta.category, meta.severity, meta.title]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join("  ");
  return `${[c.bold(line(header)), ...rows.map(line)].join("\n")}\n`;
}

export function registerRulesCommand(program: Command, context: CommandContext): void {
  program
    .command("rules")
    .description("list every rule")
    .action(() => {
      context.io.stdout.write(formatRulesTable(allRules, context.io.stdout.isTTY === true && !context.env.noColor));
    });
}
