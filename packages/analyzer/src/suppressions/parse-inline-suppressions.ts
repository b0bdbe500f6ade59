export interface InlineSuppression {
  /** Rule ids or names as written. */
  rules: string[];
  reason: string;
}

export interface InlineSuppressions {
  /** Line (1-based) → suppressions that cover it: the comment's own line and the line below. */
  byLine: Map<number, InlineSuppression[]>;
  /** Lines with a `lastcall-ignore` comment that has no `-- reason` (RULES.md: a reason is required). */
  missingReason: number[];
}

const MARKER = "lastcall-ignore";
const COMMENT = /(?:\/\/|\/\*|#)\s*lastcall-ignore\b(.*)$/;
const WITH_REASON = /^\s+([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)\s+--\s*(\S.*?)\s*(?:\*\/)?\s*$/;

/** Reads `// lastcall-ignore SD009 -- reason` (also `#` comments in Dockerfiles and YAML). */
export function parseInlineSuppressions(text: string): InlineSuppressions {
  const byLine = new Map<number, InlineSuppression[]>();
  const missingReason: number[] = [];
  if (!text.includes(MARKER)) return { byLine, missingReason };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const comment = COMMENT.exec(line);
    if (!comment) return;
    const lineNumber = index + 1;
    const parsed = WITH_REASON.exec(comment[1] ?? "");
    if (!parsed?.[1] || !parsed[2]) {
      missingReason.push(lineNumber);
      return;
    }
    const suppression = { rules: parsed[1].split(/\s*,\s*/), reason: parsed[2] };
    for (const covered of [lineNumber, lineNumber + 1]) {
      const list = byLine.get(covered) ?? [];
      list.push(suppression);
      byLine.set(covered, list);
    }
  });
  return { byLine, missingReason };
}
