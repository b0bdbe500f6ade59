import { stripVTControlCharacters } from "node:util";
import pc from "picocolors";
import { makeVisible } from "../format/sanitize.js";

/**
 * Enough Markdown for the rule docs in a terminal: headings, emphasis, inline code, links with
 * their URL, fenced code indented, tables aligned. Without colour the text stays readable as it is.
 */
export function renderMarkdownForTerminal(markdown: string, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const inline = (text: string) =>
    text
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_whole, label: string, url: string) => `${label} (${c.underline(url)})`)
      .replace(/\*\*([^*]+)\*\*/g, (_whole, bold: string) => c.bold(bold))
      .replace(/`([^`]+)`/g, (whole, code: string) => (options.color ? c.cyan(code) : whole));

  const output: string[] = [];
  let table: string[][] = [];
  const width = (text: string) => stripVTControlCharacters(text).length;
  const flushTable = () => {
    const widths = table[0]?.map((_cell, column) => Math.max(...table.map((row) => width(row[column] ?? "")))) ?? [];
    for (const row of table) {
      const cells = row.map((cell, column) => cell + " ".repeat((widths[column] ?? 0) - width(cell)));
      output.push(`  ${cells.join("  ").trimEnd()}`);
    }
    table = [];
  };
  let fence: string | undefined;
  for (const rawLine of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    const line = makeVisible(rawLine);
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (fenceMatch?.[1]?.startsWith(fence)) fence = undefined;
      else output.push(`    ${c.dim(line)}`);
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const cells = line
        .trim()
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((cell) => cell.trim());
      // Separator rows and the empty header row of key/value tables carry no text.
      if (!cells.every((cell) => /^:?-*:?$/.test(cell))) table.push(cells.map(inline));
      continue;
    }
    flushTable();
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const text = inline(heading[2] ?? "");
      output.push(heading[1] === "#" ? c.bold(c.underline(text)) : c.bold(text));
      continue;
    }
    output.push(inline(line));
  }
  flushTable();
  return `${output
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
