import { ts } from "ts-morph";

export interface ParsedSource {
  sourceFile: ts.SourceFile;
  errors: Array<{ line: number; message: string }>;
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Parses with the compiler bundled in ts-morph, no program and no type checking (ANALYZER.md,
 * layer 2). Syntax errors are recorded per file; the tree the parser recovers is still analyzed.
 */
export function parseSource(file: string, text: string): ParsedSource {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const errors = diagnostics.slice(0, 5).map((diagnostic) => ({
    line: sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, " "),
  }));
  return { sourceFile, errors };
}
