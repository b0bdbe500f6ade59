/**
 * Enough of POSIX shell lexing to read launch commands: quotes, escapes, comments, `$(…)`,
 * backticks and control operators. Expansions are kept as written (`"$@"` → `$@`), never evaluated.
 */
export type ShellToken = { type: "word"; value: string } | { type: "op"; value: string };

/** One simple command and the operator that ended it (`\n` for a line end, `;` for the end of the text). */
export interface ShellCommand {
  words: string[];
  terminator: string;
}

const OPERATORS = ["&&", "||", ";;", ";", "|", "&", "(", ")"];

export function tokenizeShell(text: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) tokens.push({ type: "word", value: word });
    word = "";
    inWord = false;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "\\" && next === "\n") {
      i += 2;
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
      i++;
    } else if (c === "\n") {
      endWord();
      tokens.push({ type: "op", value: "\n" });
      i++;
    } else if (c === "#" && !inWord) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && '"\\$`\n'.includes(text[i + 1] ?? "")) i++;
        word += text[i];
        i++;
      }
      inWord = true;
      i++;
    } else if (c === "\\") {
      word += next ?? "";
      inWord = true;
      i += 2;
    } else if (c === "$" && (next === "(" || next === "{")) {
      const end = balancedEnd(text, i + 1);
      word += text.slice(i, end);
      inWord = true;
      i = end;
    } else if (c === "`") {
      const close = text.indexOf("`", i + 1);
      const end = close === -1 ? text.length : close + 1;
      word += text.slice(i, end);
      inWord = true;
      i = end;
    } else if (isRedirectionAmpersand(c, word, next)) {
      word += c;
      inWord = true;
      i++;
    } else {
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
      if (op) {
        endWord();
        tokens.push({ type: "op", value: op });
        i += op.length;
      } else {
        word += c;
        inWord = true;
        i++;
      }
    }
  }
  endWord();
  return tokens;
}

/** Splits a token list into simple commands; empty commands (blank lines) are dropped. */
export function splitCommands(tokens: ShellToken[]): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  for (const token of tokens) {
    if (token.type === "word") {
      words.push(token.value);
    } else {
      if (words.length > 0) commands.push({ words, terminator: token.value });
      words = [];
    }
  }
  if (words.length > 0) commands.push({ words, terminator: ";" });
  return commands;
}

/** Words for commands that no shell interprets (compose strings, systemd ExecStart): operators stay words. */
export function shellWords(text: string): string[] {
  return tokenizeShell(text)
    .filter((token) => token.value !== "\n" || token.type === "word")
    .map((token) => token.value);
}

/** `2>&1`, `>&2` and `&>log` keep their `&` inside the word. */
function isRedirectionAmpersand(c: string, word: string, next: string | undefined): boolean {
  return c === "&" && (word.endsWith(">") || word.endsWith("<") || next === ">");
}

/** Offset just past the `)` or `}` closing the bracket at `open`. */
function balancedEnd(text: string, open: number): number {
  const opening = text[open];
  const closing = opening === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opening) depth++;
    else if (text[i] === closing && --depth === 0) return i + 1;
  }
  return text.length;
}
