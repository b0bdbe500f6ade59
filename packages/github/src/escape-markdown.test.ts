import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "./escape-markdown.js";

describe("escapeMarkdown", () => {
  it("escapes every ASCII punctuation character", () => {
    expect(escapeMarkdown("src/a_b*c.ts")).toBe("src\\/a\\_b\\*c\\.ts");
    expect(escapeMarkdown("[x](javascript:alert(1))")).toBe("\\[x\\]\\(javascript\\:alert\\(1\\)\\)");
  });

  it("neutralises raw HTML, entities, mentions, table pipes and backslashes", () => {
    expect(escapeMarkdown("<img src=x onerror=alert(1)>")).toBe("\\<img src\\=x onerror\\=alert\\(1\\)\\>");
    expect(escapeMarkdown("&lt;")).toBe("\\&lt\\;");
    expect(escapeMarkdown("@octocat")).toBe("\\@octocat");
    expect(escapeMarkdown("a|b")).toBe("a\\|b");
    expect(escapeMarkdown("\\*")).toBe("\\\\\\*");
  });

  it("keeps text on one line", () => {
    expect(escapeMarkdown("a\nb\r\nc\td")).toBe("a b  c d");
    expect(escapeMarkdown("a\n- [ ] injected")).toBe("a \\- \\[ \\] injected");
  });

  it("replaces bidirectional overrides that would disguise a name", () => {
    expect(escapeMarkdown("evil\u202Ests.exe")).toBe("evil\ufffdsts\\.exe");
  });

  it("leaves letters, digits, spaces and other scripts alone", () => {
    expect(escapeMarkdown("Grüße 42 日本")).toBe("Grüße 42 日本");
  });
});
