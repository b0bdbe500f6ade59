import { describe, expect, it } from "vitest";
import { renderRuleDoc } from "./rule-doc.js";

describe("renderRuleDoc", () => {
  it("renders the Markdown, with code blocks highlighted on the server", () => {
    const html = renderRuleDoc(
      '# SD003 stdio-eof-not-handled\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```ts\nprocess.stdin.on("end", stop);\n```\n',
    );
    expect(html).toContain("<h1>SD003 stdio-eof-not-handled</h1>");
    expect(html).toContain("<table>");
    expect(html).toMatch(/<pre class="code-block"><code><span class="sh__line">.*sh__token--string/s);
  });
});
