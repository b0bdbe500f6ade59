import { describe, expect, it } from "vitest";
import { chartValues, neutralizeTemplate, resolveTemplate, restoreTemplate } from "./helm.js";

describe("neutralizeTemplate", () => {
  it("replaces inline actions with same-length placeholders and blanks action-only lines", () => {
    const text = [
      "{{- if .Values.enabled }}",
      "metadata:",
      '  name: {{ include "x.fullname" . }}',
      "  labels:",
      '    {{- include "x.labels" . | nindent 4 }}',
      "{{- /*",
      "  a comment over two lines",
      "*/}}",
      "{{- end }}",
    ].join("\n");
    const template = neutralizeTemplate(text, undefined);
    expect(template.text.split("\n")).toEqual(["", "metadata:", `  name: ${"__1__".padEnd(28, "~")}`, "  labels:", "", "", "", "", ""]);
    expect(template.text.split("\n")[2]?.length).toBe('  name: {{ include "x.fullname" . }}'.length);
    expect(template.expressions[1]).toBe('{{ include "x.fullname" . }}');
    expect(restoreTemplate("__1__".padEnd(28, "~"), template)).toBe('{{ include "x.fullname" . }}');
  });
});

describe("resolveTemplate", () => {
  const text = "a: {{ .Values.grace }}\nb: {{ .Values.missing | default 20 }}\nc: {{ default 7 .Values.other }}\nd: {{ .Release.Name }}\n";
  const template = neutralizeTemplate(text, { grace: 40, other: 9 });
  const placeholder = (line: number) => template.text.split("\n")[line]?.slice(3) ?? "";

  it("uses values.yaml first, then the expression's default", () => {
    expect(resolveTemplate(placeholder(0), template)).toEqual({ text: "40", source: "template-values" });
    expect(resolveTemplate(placeholder(1), template)).toEqual({ text: "20", source: "template-default" });
    expect(resolveTemplate(placeholder(2), template)).toEqual({ text: "9", source: "template-values" });
    expect(resolveTemplate(placeholder(3), template)).toEqual({ text: "{{ .Release.Name }}", source: "unresolved" });
    expect(resolveTemplate(`sleep ${placeholder(1)} && kill 1`, template)).toEqual({
      text: "sleep 20 && kill 1",
      source: "template-default",
    });
    expect(resolveTemplate("30", undefined)).toEqual({ text: "30", source: "file" });
  });
});

describe("chartValues", () => {
  it("reads the values.yaml of the chart a template belongs to", () => {
    const files: Record<string, string> = { "charts/mcp/values.yaml": "terminationGracePeriodSeconds: 45\n" };
    expect(chartValues("charts/mcp/templates/deployment.yaml", (path) => files[path])).toEqual({ terminationGracePeriodSeconds: 45 });
    expect(chartValues("k8s/deployment.yaml", (path) => files[path])).toBeUndefined();
    expect(chartValues("charts/mcp/mytemplates/x.yaml", (path) => files[path])).toBeUndefined();
  });
});
