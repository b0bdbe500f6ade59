/**
 * Inline expectations for the fixture projects, in the style of Semgrep's rule tests
 * (see test/fixtures/README.md):
 *
 *   // expect: SD003            the next line must carry an unsuppressed SD003 finding
 *   // ok: SD009, SD019         the next line must carry no SD009 and no SD019 finding
 *   # expect: SD016 -- why      `#` in Dockerfiles, YAML, shell, systemd units; text after `--` is a note
 *
 * Consecutive marker lines stack: they all apply to the first line below them that is not a marker.
 * A marker must sit directly above a non-blank line. Anything that looks like a marker but does not
 * parse is an error, so that a typo cannot silently turn an expectation off.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, extname, join, relative, sep } from "node:path";

export type MarkerKind = "expect" | "ok";

export interface ExpectationMarker {
  kind: MarkerKind;
  ruleId: string;
  /** Path relative to the fixture root, with forward slashes (like `Finding.file`). */
  file: string;
  /** 1-based line the expectation is about. */
  line: number;
  /** 1-based line of the marker comment itself. */
  markerLine: number;
}

export class MarkerSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = "MarkerSyntaxError";
  }
}

const RULE_ID = /^SD\d{3}$/;
const SCRIPT_EXTENSIONS = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);
const HASH_EXTENSIONS = new Set([".yml", ".yaml", ".sh", ".service", ".conf", ".toml", ".env"]);
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", "dist"]);

/**
 * The comment prefix markers use in this kind of file, or undefined when the file cannot carry
 * markers (JSON, Markdown, lock files, images).
 */
export function markerPrefixFor(file: string): "//" | "#" | undefined {
  const name = basename(file);
  const extension = extname(name).toLowerCase();
  if (SCRIPT_EXTENSIONS.has(extension)) return "//";
  if (HASH_EXTENSIONS.has(extension)) return "#";
  if (/^Dockerfile(\..+)?$/.test(name) || extension === ".dockerfile" || name === "Containerfile") return "#";
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Parses the markers of one file. `file` is only used to label markers and errors. */
export function parseExpectationMarkers(file: string, text: string): ExpectationMarker[] {
  const prefix = markerPrefixFor(file);
  if (prefix === undefined) return [];
  const p = escapeRegExp(prefix);
  const marker = new RegExp(`^\\s*${p}\\s*(expect|ok)\\s*:(.*)$`);
  // Near misses: `// expect SD003`, `// ruleid: SD003`, `// Expect: SD003`, `// ok SD009`.
  const nearMiss = new RegExp(`^\\s*${p}\\s*(expect|ok|ruleid|todoruleid)\\b(?!\\s*:).*\\bSD\\d{3}\\b`, "i");
  const wrongCase = new RegExp(`^\\s*${p}\\s*(expect|ok|ruleid|todoruleid)\\s*:.*\\bSD\\d{3}\\b`, "i");

  const lines = text.split(/\r?\n/);
  const markers: ExpectationMarker[] = [];
  let pending: Array<{ kind: MarkerKind; ruleId: string; markerLine: number }> = [];
  const seen = new Map<string, MarkerKind>();

  const attach = (targetLine: number) => {
    for (const item of pending) {
      const key = `${targetLine}:${item.ruleId}`;
      const previous = seen.get(key);
      if (previous === item.kind) {
        throw new MarkerSyntaxError(file, item.markerLine, `duplicate "${item.kind}: ${item.ruleId}" for line ${targetLine}`);
      }
      if (previous !== undefined) {
        throw new MarkerSyntaxError(file, item.markerLine, `${item.ruleId} is both expected and ok on line ${targetLine}`);
      }
      seen.set(key, item.kind);
      markers.push({ kind: item.kind, ruleId: item.ruleId, file, line: targetLine, markerLine: item.markerLine });
    }
    pending = [];
  };

  lines.forEach((content, index) => {
    const lineNumber = index + 1;
    const match = marker.exec(content);
    if (match) {
      const kind = match[1] as MarkerKind;
      const body = (match[2] ?? "").split("--")[0] ?? "";
      const ids = body.split(",").map((part) => part.trim());
      if (ids.length === 0 || ids.every((id) => id === "")) {
        throw new MarkerSyntaxError(file, lineNumber, `"${kind}:" marker lists no rule id`);
      }
      for (const id of ids) {
        if (!RULE_ID.test(id)) {
          throw new MarkerSyntaxError(file, lineNumber, `"${id}" is not a rule id (expected SD followed by three digits)`);
        }
        pending.push({ kind, ruleId: id, markerLine: lineNumber });
      }
      return;
    }
    if (nearMiss.test(content) || wrongCase.test(content)) {
      throw new MarkerSyntaxError(
        file,
        lineNumber,
        `looks like a marker but does not parse; write "${prefix} expect: SD001" or "${prefix} ok: SD001"`,
      );
    }
    if (pending.length > 0) {
      if (content.trim() === "") {
        throw new MarkerSyntaxError(
          file,
          pending[0]?.markerLine ?? lineNumber,
          "a marker must sit directly above the line it is about (found a blank line)",
        );
      }
      attach(lineNumber);
    }
  });

  if (pending.length > 0) {
    throw new MarkerSyntaxError(file, pending[0]?.markerLine ?? lines.length, "marker at the end of the file has no line below it");
  }
  return markers;
}

function listFiles(root: string, directory: string, into: string[]): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) listFiles(root, path, into);
    } else if (entry.isFile()) {
      into.push(relative(root, path).split(sep).join("/"));
    }
  }
}

/** Every marker in a fixture project, files in sorted order. */
export function collectExpectationMarkers(root: string): ExpectationMarker[] {
  const files: string[] = [];
  listFiles(root, root, files);
  files.sort();
  return files
    .filter((file) => markerPrefixFor(file) !== undefined)
    .flatMap((file) => parseExpectationMarkers(file, readFileSync(join(root, file), "utf8")));
}
