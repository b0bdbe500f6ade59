import { describe, expect, it } from "vitest";
import { renderMarkdownForTerminal } from "./render-markdown.js";

const doc = [
  "# SD003 stdio-eof-not-handled",
  "",
  "Checks **stdin** `end` and [the spec](https://modelcontextprotocol.io/specification).",
  "",
  "",
  "",
  "## Compliant",
  "",
  "```ts",
  "# not a heading",
  'process.stdin.once("end", () => void shutdown());',
  "```",
  "- a list item",
  "",
  "| | |",
  "|---|---|",
  "| Category | A — Lifecycle and signals |",
  "| Severity | `high` |",
  "",
].join("\n");

describe("renderMarkdownForTerminal", () => {
  it("renders headings, emphasis, links, indented code blocks and tables as plain text", () => {
    expect(renderMarkdownForTerminal(doc, { color: false })).toBe(
      [
        "SD003 stdio-eof-not-handled",
        "",
        "Checks stdin `end` and the spec (https://modelcontextprotocol.io/specification).",
        "",
        "Compliant",
        "",
        "    # not a heading",
        '    process.stdin.once("end", () => void shutdown());',
        "- a list item",
        "",
        "  Category  A — Lifecycle and signals",
        "  Severity  `high`",
        "",
      ].join("\n"),
    );
  });

  it("styles with colour when asked, keeping tables aligned", () => {
    const colored = renderMarkdownForTerminal(doc, { color: true });
    expect(colored).toContain("  Severity  \u001b[36mhigh\u001b[39m\n");
    expect(colored).toContain("  Category  A — Lifecycle and signals\n");
    expect(colored.split("\n")[0]).toBe("\u001b[1m\u001b[4mSD003 stdio-eof-not-handled\u001b[24m\u001b[22m");
    expect(colored).toContain("\u001b[36mend\u001b[39m");
    expect(colored).toContain("\u001b[1mstdin\u001b[22m");
  });

  it("shows control characters instead of passing them to the terminal", () => {
    expect(renderMarkdownForTerminal("a\u001b[2Jb\r\n", { color: false })).toBe("a<U+001B>[2Jb\n");
  });
});
