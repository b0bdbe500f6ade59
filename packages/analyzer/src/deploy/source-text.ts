import type { SourceSpan } from "../model/types.js";

/** A deployment file's text with its line starts, to turn offsets and line numbers into spans. */
export interface SourceText {
  file: string;
  text: string;
  /** Lines without their line terminators. */
  lines: string[];
  lineStarts: number[];
}

export function sourceText(file: string, text: string): SourceText {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") lineStarts.push(i + 1);
  }
  return { file, text, lines: text.split(/\r?\n/), lineStarts };
}

const MAX_EXCERPT = 240;

/**
 * A span over 1-based lines and columns; `endColumn` is exclusive (the column after the last
 * character), as in SARIF regions and `model/source-span.ts`. The excerpt is the first line.
 */
export function lineSpan(source: SourceText, line: number, column: number, endLine: number, endColumn: number): SourceSpan {
  const excerpt = source.lines[line - 1] ?? "";
  return {
    file: source.file,
    line,
    column,
    endLine,
    endColumn,
    excerpt: excerpt.length > MAX_EXCERPT ? `${excerpt.slice(0, MAX_EXCERPT)}…` : excerpt,
  };
}

/** A span from a start offset (inclusive) to an end offset (exclusive), trailing whitespace left out. */
export function offsetSpan(source: SourceText, start: number, end: number): SourceSpan {
  let last = Math.max(start, end);
  while (last > start && /\s/.test(source.text[last - 1] ?? "")) last--;
  const from = position(source, start);
  const to = position(source, last);
  return lineSpan(source, from.line, from.column, to.line, to.column);
}

/** The whole of one line, from its first non-blank character. */
export function wholeLineSpan(source: SourceText, line: number): SourceSpan {
  const text = source.lines[line - 1] ?? "";
  const indent = text.length - text.trimStart().length;
  return lineSpan(source, line, indent + 1, line, text.trimEnd().length + 1);
}

function position(source: SourceText, offset: number): { line: number; column: number } {
  let low = 0;
  let high = source.lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((source.lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (source.lineStarts[low] ?? 0) + 1 };
}
