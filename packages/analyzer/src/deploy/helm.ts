import path from "node:path";
import { parse } from "yaml";
import type { ValueSource } from "./types.js";
import { MAX_YAML_CHARS } from "./yaml-nodes.js";

/**
 * A Helm template made parseable as YAML: every `{{ … }}` becomes a placeholder scalar
 * `__N__` (padded with `~` to the expression's length so columns hold), and lines that hold only
 * template actions (`{{- if … }}`, `{{- end }}`, `{{- include … | nindent 4 }}`) become empty.
 * Line numbers never change.
 */
export interface HelmTemplate {
  text: string;
  expressions: string[];
  /** The chart's `values.yaml`, when readable. */
  values: unknown;
}

const PLACEHOLDER = /__(\d+)__~*/g;

export function isHelmTemplate(text: string): boolean {
  return text.includes("{{");
}

export function neutralizeTemplate(text: string, values: unknown): HelmTemplate {
  const expressions: string[] = [];
  let replaced = "";
  let from = 0;
  // indexOf rather than one lazy pattern: an unclosed `{{` must not make the scan quadratic.
  for (let open = text.indexOf("{{"); open !== -1; open = text.indexOf("{{", from)) {
    const close = text.indexOf("}}", open + 2);
    if (close === -1) break;
    const action = text.slice(open, close + 2);
    const lineBreaks = "\n".repeat(action.split("\n").length - 1);
    replaced += text.slice(from, open) + `__${expressions.length}__`.padEnd(action.length - lineBreaks.length, "~") + lineBreaks;
    expressions.push(action);
    from = close + 2;
  }
  replaced += text.slice(from);
  const lines = replaced.split("\n").map((line) => (line.replace(PLACEHOLDER, "").trim() === "" && /__\d+__/.test(line) ? "" : line));
  return { text: lines.join("\n"), expressions, values };
}

/** Puts the original `{{ … }}` text back, for names and argv shown to people. */
export function restoreTemplate(value: string, template: HelmTemplate | undefined): string {
  if (!template) return value;
  return value.replace(PLACEHOLDER, (whole, index: string) => template.expressions[Number(index)] ?? whole);
}

/**
 * Replaces placeholders with what Helm would render when we can tell: the chart's `values.yaml`
 * entry (`{{ .Values.grace }}`), else the expression's `default N`. Unresolvable expressions stay
 * as written. The source is the least certain of the expressions used.
 */
export function resolveTemplate(value: string, template: HelmTemplate | undefined): { text: string; source: ValueSource } {
  if (!template) return { text: value, source: "file" };
  let source: ValueSource = "file";
  const text = value.replace(PLACEHOLDER, (whole, index: string) => {
    const expression = template.expressions[Number(index)] ?? whole;
    const fromValues = valuesEntry(expression, template.values);
    const fallback = /\bdefault\s+"?(\d+(?:\.\d+)?)"?/.exec(expression)?.[1];
    if (fromValues !== undefined) {
      source = weaker(source, "template-values");
      return fromValues;
    }
    if (fallback !== undefined) {
      source = weaker(source, "template-default");
      return fallback;
    }
    source = "unresolved";
    return expression;
  });
  return { text, source };
}

/** The parsed `values.yaml` of the chart a template belongs to (`charts/x/templates/…`). */
export function chartValues(templateFile: string, readFile: (path: string) => string | undefined): unknown {
  const templates = templateFile.lastIndexOf("templates/");
  if (templates === -1 || (templates > 0 && templateFile[templates - 1] !== "/")) return undefined;
  const chart = templateFile.slice(0, templates);
  for (const name of ["values.yaml", "values.yml"]) {
    const text = readFile(path.posix.join(chart, name));
    if (text === undefined) continue;
    if (text.length > MAX_YAML_CHARS) return undefined;
    try {
      return parse(text, { uniqueKeys: false });
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function valuesEntry(expression: string, values: unknown): string | undefined {
  const reference = /\.Values((?:\.[A-Za-z0-9_-]+)+)/.exec(expression)?.[1];
  if (!reference) return undefined;
  const found = reference
    .slice(1)
    .split(".")
    .reduce<unknown>(
      (current, key) => (typeof current === "object" && current !== null ? (current as Record<string, unknown>)[key] : undefined),
      values,
    );
  return typeof found === "number" || typeof found === "string" ? String(found) : undefined;
}

const CERTAINTY: ValueSource[] = ["file", "default", "template-values", "template-default", "unresolved"];

function weaker(a: ValueSource, b: ValueSource): ValueSource {
  return CERTAINTY.indexOf(a) >= CERTAINTY.indexOf(b) ? a : b;
}
