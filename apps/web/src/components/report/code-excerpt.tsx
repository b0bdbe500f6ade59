import { highlightCode } from "@/view/highlight";

/** The flagged source, highlighted on the server and numbered from the finding's line. */
export function CodeExcerpt({ code, firstLine }: { code: string; firstLine: number }) {
  return (
    <pre className="code-excerpt" style={{ counterReset: `excerpt-line ${firstLine - 1}` }}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sugar-high escapes the code; its output is spans only */}
      <code dangerouslySetInnerHTML={{ __html: highlightCode(code) }} />
    </pre>
  );
}
