import { describe, expect, it } from "vitest";
import type { ParseError } from "../report.js";
import { neutralizeTemplate } from "./helm.js";
import { mayHoldPodSpec, readKubernetes } from "./kubernetes.js";
import { sourceText } from "./source-text.js";

const MANIFESTS = `apiVersion: v1
kind: Service
metadata:
  name: mcp
spec:
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mcp-server
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: mcp-server
    spec:
      containers:
        - name: mcp-server
          image: ghcr.io/acme/mcp-server:1.4.0
          command: ["node"]
          args:
            - dist/index.js
            - --transport=http
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 10"]
        - name: proxy
          image: cloud-sql-proxy:2
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: indexer
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 60
      containers:
        - name: indexer
          image: ghcr.io/acme/indexer:1
          lifecycle:
            preStop:
              sleep:
                seconds: 5
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          terminationGracePeriodSeconds: 5
          restartPolicy: OnFailure
          containers:
            - name: cleanup
              image: ghcr.io/acme/mcp-server:1.4.0
              args: ["node", "dist/cleanup.js"]
`;

describe("readKubernetes", () => {
  const errors: ParseError[] = [];
  const pods = readKubernetes(sourceText("k8s/app.yaml", MANIFESTS), undefined, errors);

  it("finds pod specs in every kind with a pod template, and nothing in the rest", () => {
    expect(errors).toEqual([]);
    expect(pods.map((pod) => [pod.kind, pod.name, pod.at.line])).toEqual([
      ["Deployment", "mcp-server", 19],
      ["StatefulSet", "indexer", 40],
      ["CronJob", "cleanup", 59],
    ]);
  });

  it("defaults terminationGracePeriodSeconds to 30 at the pod spec", () => {
    expect(pods[0]?.terminationGracePeriodSeconds).toEqual({
      seconds: 30,
      source: "default",
      at: { file: "k8s/app.yaml", line: 19, column: 5, endLine: 19, endColumn: 9, excerpt: "    spec:" },
    });
    expect(pods[1]?.terminationGracePeriodSeconds).toEqual({
      seconds: 60,
      source: "file",
      raw: "60",
      at: {
        file: "k8s/app.yaml",
        line: 41,
        column: 7,
        endLine: 41,
        endColumn: 40,
        excerpt: "      terminationGracePeriodSeconds: 60",
      },
    });
  });

  it("reads containers with command, args and preStop durations", () => {
    const [server, proxy] = pods[0]?.containers ?? [];
    expect(server).toMatchObject({
      name: "mcp-server",
      image: "ghcr.io/acme/mcp-server:1.4.0",
      at: { line: 21, excerpt: "        - name: mcp-server" },
      command: { argv: ["node"], at: { line: 23 } },
      args: { argv: ["dist/index.js", "--transport=http"], at: { line: 24, endLine: 26 } },
      preStop: { type: "exec", seconds: 10, source: "file", at: { line: 28, excerpt: "            preStop:" } },
    });
    expect(proxy).toMatchObject({ name: "proxy", image: "cloud-sql-proxy:2" });
    expect(proxy?.preStop).toBeUndefined();
    expect(pods[1]?.containers[0]?.preStop).toMatchObject({ type: "sleep", seconds: 5, at: { line: 46 } });
    expect(pods[2]?.containers[0]).toMatchObject({ args: { argv: ["node", "dist/cleanup.js"] } });
  });

  it("reads Pods and List items", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "  - apiVersion: v1",
      "    kind: Pod",
      "    metadata: { name: debug }",
      "    spec:",
      "      terminationGracePeriodSeconds: 0",
      "      containers:",
      "        - name: app",
      "          image: node:22",
      "          lifecycle:",
      "            preStop:",
      "              httpGet: { path: /drain, port: 3000 }",
      "",
    ].join("\n");
    const [pod] = readKubernetes(sourceText("pod.yaml", text), undefined, []);
    expect(pod).toMatchObject({ kind: "Pod", name: "debug", at: { line: 7 }, terminationGracePeriodSeconds: { seconds: 0 } });
    expect(pod?.containers[0]?.preStop).toMatchObject({ type: "httpGet", seconds: null });
  });

  it("records a manifest that does not parse", () => {
    const errors: ParseError[] = [];
    const text = "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: [x\n";
    expect(readKubernetes(sourceText("deploy/bad.yaml", text), undefined, errors)).toEqual([]);
    expect(errors).toEqual([{ file: "deploy/bad.yaml", line: expect.any(Number), message: expect.any(String) }]);
  });
});

describe("Helm templates", () => {
  const TEMPLATE = `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "mcp.fullname" . }}
  labels:
    {{- include "mcp.labels" . | nindent 4 }}
spec:
  template:
    spec:
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep {{ .Values.preStopSleep | default 15 }}"]
{{- end }}
`;

  it("parses templates after neutralising {{ }} actions, keeping lines", () => {
    const values = { terminationGracePeriodSeconds: 45, image: { repository: "ghcr.io/acme/mcp" } };
    const errors: ParseError[] = [];
    const [pod] = readKubernetes(
      sourceText("charts/mcp/templates/deployment.yaml", TEMPLATE),
      neutralizeTemplate(TEMPLATE, values),
      errors,
    );
    expect(errors).toEqual([]);
    expect(pod).toMatchObject({
      kind: "Deployment",
      name: '{{ include "mcp.fullname" . }}',
      helm: true,
      at: { line: 10 },
      terminationGracePeriodSeconds: {
        seconds: 45,
        source: "template-values",
        raw: "{{ .Values.terminationGracePeriodSeconds }}",
        at: { line: 11, excerpt: "      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}" },
      },
    });
    expect(pod?.containers[0]).toMatchObject({
      name: "{{ .Chart.Name }}",
      image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}",
      at: { line: 13 },
      preStop: { type: "exec", seconds: 15, source: "template-default", at: { line: 20 } },
    });
  });

  it("leaves values it cannot see unresolved", () => {
    const [pod] = readKubernetes(sourceText("charts/mcp/templates/deployment.yaml", TEMPLATE), neutralizeTemplate(TEMPLATE, undefined), []);
    expect(pod?.terminationGracePeriodSeconds).toMatchObject({ seconds: null, source: "unresolved" });
  });
});

describe("mayHoldPodSpec", () => {
  it("wants a kind and containers", () => {
    expect(mayHoldPodSpec(MANIFESTS)).toBe(true);
    expect(mayHoldPodSpec("kind: ConfigMap\ndata:\n  a: b\n")).toBe(false);
    expect(mayHoldPodSpec("name: CI\non: push\njobs:\n  test:\n    container: node:22\n")).toBe(false);
  });
});
