import { Marked } from "marked";
import { highlightCode } from "./highlight.js";

// The docs are ours (docs/rules in this repository), so their HTML is trusted; code blocks are
// highlighted on the server like the excerpts in reports.
const markdown = new Marked({
  async: false,
  renderer: {
    code({ text }) {
      return `<pre class="code-block"><code>${highlightCode(text)}</code></pre>\n`;
    },
  },
});

/** A rule's docs page (docs/rules/<ID>-<name>.md) as HTML. */
export function renderRuleDoc(source: string): string {
  return markdown.parse(source, { async: false });
}
