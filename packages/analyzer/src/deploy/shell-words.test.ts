import { describe, expect, it } from "vitest";
import { shellWords, splitCommands, tokenizeShell } from "./shell-words.js";

describe("tokenizeShell", () => {
  it("keeps quoted text together and removes the quotes", () => {
    expect(shellWords(`node --title "mcp server" 'a b' c\\ d`)).toEqual(["node", "--title", "mcp server", "a b", "c d"]);
  });

  it("keeps expansions as written", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and compose syntax, not a template
    expect(shellWords(`exec "$@" $(cat args) \${PORT:-3000} \`id -u\``)).toEqual(["exec", "$@", "$(cat args)", "${PORT:-3000}", "`id -u`"]);
  });

  it("splits control operators but keeps redirections whole", () => {
    expect(tokenizeShell("npm run migrate && node x 2>&1 | tee log; wait &")).toEqual([
      { type: "word", value: "npm" },
      { type: "word", value: "run" },
      { type: "word", value: "migrate" },
      { type: "op", value: "&&" },
      { type: "word", value: "node" },
      { type: "word", value: "x" },
      { type: "word", value: "2>&1" },
      { type: "op", value: "|" },
      { type: "word", value: "tee" },
      { type: "word", value: "log" },
      { type: "op", value: ";" },
      { type: "word", value: "wait" },
      { type: "op", value: "&" },
    ]);
  });

  it("drops comments and joins backslash-newline continuations", () => {
    const script = "#!/bin/sh\nset -e # strict\nexec node \\\n  dist/index.js\n";
    expect(splitCommands(tokenizeShell(script))).toEqual([
      { words: ["set", "-e"], terminator: "\n" },
      { words: ["exec", "node", "dist/index.js"], terminator: "\n" },
    ]);
  });

  it("treats newlines as spaces when no shell interprets the text", () => {
    expect(shellWords("node\n  dist/index.js && echo")).toEqual(["node", "dist/index.js", "&&", "echo"]);
  });
});
