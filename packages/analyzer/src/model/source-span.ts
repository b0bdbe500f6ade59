import type { ts } from "ts-morph";
import type { SourceSpan } from "./types.js";

const MAX_EXCERPT = 240;

/** 1-based span of a node with its first source line as the excerpt. */
export function spanOf(node: ts.Node, sourceFile: ts.SourceFile, file: string): SourceSpan {
  const start = node.pos >= 0 ? node.getStart(sourceFile) : 0;
  const end = node.end >= 0 ? node.end : start;
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(end);
  const lineStarts = sourceFile.getLineStarts();
  const lineEnd = lineStarts[from.line + 1] ?? sourceFile.text.length;
  const excerpt = sourceFile.text.slice(lineStarts[from.line] ?? 0, lineEnd).replace(/\r?\n$/, "");
  return {
    file,
    line: from.line + 1,
    column: from.character + 1,
    endLine: to.line + 1,
    endColumn: to.character + 1,
    excerpt: excerpt.length > MAX_EXCERPT ? `${excerpt.slice(0, MAX_EXCERPT)}…` : excerpt,
  };
}

/** The text of a node as written, shortened for messages. */
export function textOf(node: ts.Node, sourceFile: ts.SourceFile, max = 80): string {
  if (node.pos < 0) return "";
  const text = node.getText(sourceFile).replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Text of a node, or "" for nodes the analyzer synthesised (they have no position). */
export function safeText(node: ts.Node): string {
  return node.pos < 0 || node.end < 0 ? "" : node.getText();
}
