import { type Document, isMap, isScalar, isSeq, LineCounter, type Pair, parseAllDocuments } from "yaml";
import type { SourceSpan } from "../model/types.js";
import type { ParseError } from "../report.js";
import { offsetSpan, type SourceText } from "./source-text.js";

type Range = [number, number, number];

/**
 * YAML larger than this is not parsed: real manifests, compose files and chart values are a few
 * KiB, and the `yaml` parser needs seconds for a crafted 1 MiB file (DESIGN.md: untrusted repositories).
 */
export const MAX_YAML_CHARS = 256 * 1024;

/**
 * Parses every document of a YAML stream. On syntax errors returns no documents and records the
 * first error with its line (a file that does not parse yields no facts, RULES.md Outcomes).
 * Duplicate keys are allowed: `yaml`'s uniqueness check is quadratic in a map's size (minutes
 * for a hostile 1 MiB file), Helm if/else branches legitimately repeat keys, and `mapPair` reads
 * the first one.
 */
export function parseYamlDocuments(source: SourceText, errors: ParseError[]): Document.Parsed[] {
  const lineCounter = new LineCounter();
  const documents = [...parseAllDocuments(source.text, { lineCounter, uniqueKeys: false })];
  const error = documents.flatMap((document) => document.errors)[0];
  if (error) {
    const line = error.linePos?.[0].line;
    errors.push({ file: source.file, ...(line === undefined ? {} : { line }), message: firstLine(error.message) });
    return [];
  }
  return documents;
}

/** The first pair under `key` in a map node. */
export function mapPair(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

export function mapValue(node: unknown, key: string): unknown {
  return mapPair(node, key)?.value;
}

/** Walks `a.b.c` through nested maps. */
export function mapPath(node: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((current, key) => mapValue(current, key), node);
}

export function pairsOf(node: unknown): Pair[] {
  return isMap(node) ? node.items : [];
}

export function itemsOf(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

/** A scalar as text (numbers and booleans included); undefined for collections and null. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

/** A sequence of scalars as strings; undefined when the node is not a sequence. */
export function stringList(node: unknown): string[] | undefined {
  if (!isSeq(node)) return undefined;
  return node.items.map((item) => scalarText(item) ?? "");
}

/** From the key to the end of the value (the key alone when the value is empty). */
export function pairSpan(source: SourceText, pair: Pair): SourceSpan {
  const key = rangeOf(pair.key);
  const value = rangeOf(pair.value);
  return offsetSpan(source, key?.[0] ?? 0, value?.[1] ?? key?.[1] ?? 0);
}

export function keySpan(source: SourceText, pair: Pair): SourceSpan {
  const key = rangeOf(pair.key);
  return offsetSpan(source, key?.[0] ?? 0, key?.[1] ?? 0);
}

export function nodeSpan(source: SourceText, node: unknown): SourceSpan {
  const range = rangeOf(node);
  return offsetSpan(source, range?.[0] ?? 0, range?.[1] ?? 0);
}

function rangeOf(node: unknown): Range | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: Range | null }).range;
  return range ?? undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
