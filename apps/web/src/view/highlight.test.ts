import { describe, expect, it } from "vitest";
import { highlightCode } from "./highlight.js";

describe("highlightCode", () => {
  it("escapes the audited code, so an excerpt cannot become markup", () => {
    const html = highlightCode(`const x = "</span><img src=x onerror=alert(1)>"; // <script>`);
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain("&lt;img");
    expect(html).toContain('class="sh__token--keyword"');
  });

  it("keeps one line element per source line, for the line numbers", () => {
    expect(highlightCode("a();\nb();").match(/class="sh__line"/g)).toHaveLength(2);
  });
});
