import type { ts } from "ts-morph";
import { compiler } from "../model/compiler.js";

export interface ParsedSource {
  sourceFile: ts.SourceFile;
  errors: Array<{ line: number; message: string }>;
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return compiler.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return compiler.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return compiler.ScriptKind.JS;
  return compiler.ScriptKind.TS;
}

/**
 * Parses with the compiler bundled in ts-morph, no program and no type checking (ANALYZER.md,
 * layer 2). Syntax errors are recorded per file; the tree the parser recovers is still analyzed.
 */
export function parseSource(file: string, text: string): ParsedSource {
  const sourceFile = compiler.createSourceFile(
    file,
    text,
    // The rules never read JSDoc: skipping it saves parse time and memory on large trees.
    { languageVersion: compiler.ScriptTarget.Latest, jsDocParsingMode: compiler.JSDocParsingMode.ParseNone },
    true,
    scriptKindOf(file),
  );
  // The parser's identifier table serves the binder, which never runs here; every AST is kept for the
  // whole analysis, so let the table go (~2 KiB a file).
  (sourceFile as unknown as { identifiers: unknown }).identifiers = undefined;
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const errors = diagnostics.slice(0, 5).map((diagnostic) => ({
    line: sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1,
    message: compiler.flattenDiagnosticMessageText(diagnostic.messageText, " "),
  }));
  return { sourceFile, errors };
}
