import { describe, expect, it } from "vitest";
import { platformGraces } from "./platform-graces.js";
import { readDeployment } from "./read-deployment.js";

const files = {
  Dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY dist ./dist\nCMD ["node", "dist/index.js"]\n',
  "compose.yaml":
    "services:\n  mcp:\n    build: .\n    stop_grace_period: 1m30s\n  api:\n    image: ghcr.io/acme/api:2\n  cache:\n    image: redis:7\n",
  "k8s/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mcp
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 40
      containers:
        - name: mcp
          image: ghcr.io/acme/mcp:1
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "10"]
`,
  "deploy/mcp.service": "[Service]\nExecStart=/usr/bin/node /opt/mcp/dist/index.js\n",
};
const facts = readDeployment(
  Object.entries(files).map(([path, text]) => ({ path, text })),
  () => undefined,
);

describe("platformGraces", () => {
  it("lists each detected platform's grace with where it comes from", () => {
    expect(platformGraces(facts, { grace: {} }, new Set(["stdio", "http"]))).toEqual([
      {
        platform: "stdio",
        seconds: 2,
        preStopSeconds: 0,
        source: "default",
        description: "MCP clients send SIGTERM about 2 s after closing stdin",
      },
      // No separate 10 s for the Dockerfile: compose service mcp builds it, so mcp's stop_grace_period applies.
      {
        platform: "compose",
        seconds: 90,
        preStopSeconds: 0,
        source: "file",
        at: expect.objectContaining({ file: "compose.yaml", line: 4, excerpt: "    stop_grace_period: 1m30s" }),
        description: "compose service mcp: stop_grace_period 1m30s = 90 s (compose.yaml)",
      },
      {
        platform: "compose",
        seconds: 10,
        preStopSeconds: 0,
        source: "default",
        at: expect.objectContaining({ file: "compose.yaml", line: 5, excerpt: "  api:" }),
        description: "compose service api: stop_grace_period 10 s (default) (compose.yaml)",
      },
      {
        platform: "kubernetes",
        seconds: 40,
        preStopSeconds: 10,
        source: "file",
        at: expect.objectContaining({ file: "k8s/deployment.yaml", line: 8 }),
        description: "Deployment mcp: terminationGracePeriodSeconds 40 s, preStop 10 s (k8s/deployment.yaml)",
      },
      {
        platform: "systemd",
        seconds: 90,
        preStopSeconds: 0,
        source: "default",
        at: expect.objectContaining({ file: "deploy/mcp.service", line: 1 }),
        description: "systemd TimeoutStopSec 90 s (default) (deploy/mcp.service)",
      },
    ]);
  });

  it("lets .lastcall.json replace a platform's values and stand alone where no file exists", () => {
    const graces = platformGraces(facts, { grace: { docker: 30, kubernetes: 60, stdio: 1.5 } }, new Set(["stdio"]));
    expect(graces.map((grace) => [grace.platform, grace.seconds, grace.preStopSeconds, grace.source, grace.at?.line])).toEqual([
      ["stdio", 1.5, 0, "config", undefined],
      ["compose", 30, 0, "config", 4],
      ["compose", 30, 0, "config", 5],
      ["kubernetes", 60, 10, "config", 8],
      ["systemd", 90, 0, "default", 1],
    ]);
    expect(graces[3]?.description).toBe(
      "kubernetes grace 60 s declared in .lastcall.json, replacing Deployment mcp: terminationGracePeriodSeconds 40 s, preStop 10 s (k8s/deployment.yaml)",
    );
    expect(
      platformGraces(
        readDeployment([], () => undefined),
        { grace: { kubernetes: 45 } },
        new Set(["http"]),
      ),
    ).toEqual([
      {
        platform: "kubernetes",
        seconds: 45,
        preStopSeconds: 0,
        source: "config",
        description: "kubernetes grace 45 s declared in .lastcall.json",
      },
    ]);
  });

  it("gives a Dockerfile built by a compose service that service's stop_grace_period, not Docker's default", () => {
    const read = (compose: string) =>
      platformGraces(
        readDeployment(
          [
            { path: "Dockerfile", text: files.Dockerfile },
            { path: "docker/Dockerfile.worker", text: files.Dockerfile },
            { path: "deploy/compose.yaml", text: compose },
          ],
          () => undefined,
        ),
        { grace: {} },
        new Set(["http"]),
      ).map((grace) => [grace.platform, grace.seconds, grace.source, grace.at?.file]);
    expect(read("services:\n  mcp:\n    build: ..\n    stop_grace_period: 30s\n")).toEqual([
      ["docker", 10, "default", "docker/Dockerfile.worker"],
      ["compose", 30, "file", "deploy/compose.yaml"],
    ]);
    expect(
      read("services:\n  mcp:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile.worker\n    stop_grace_period: 45s\n"),
    ).toEqual([
      ["docker", 10, "default", "Dockerfile"],
      ["compose", 45, "file", "deploy/compose.yaml"],
    ]);
    // Without stop_grace_period the service's own 10 s default stands for the Dockerfile it builds.
    expect(read("services:\n  mcp:\n    build: ..\n")).toEqual([
      ["docker", 10, "default", "docker/Dockerfile.worker"],
      ["compose", 10, "default", "deploy/compose.yaml"],
    ]);
    // A grace the analyzer cannot read replaces the default too: no grace is guessed for that service.
    expect(read(`services:\n  mcp:\n    build: ..\n    stop_grace_period: \${GRACE}\n`)).toEqual([
      ["docker", 10, "default", "docker/Dockerfile.worker"],
    ]);
  });

  it("has no stdio grace without the stdio profile, and nothing without deployment files", () => {
    expect(
      platformGraces(
        readDeployment([], () => undefined),
        { grace: { stdio: 1 } },
        new Set(["http"]),
      ),
    ).toEqual([]);
  });

  it("marks Helm-derived graces and leaves out graces it cannot evaluate", () => {
    const template = (grace: string) => `kind: Deployment
spec:
  template:
    spec:
      terminationGracePeriodSeconds: ${grace}
      containers:
        - name: mcp
          image: "{{ .Values.image }}"
`;
    const helm = readDeployment(
      [
        { path: "charts/a/templates/deployment.yaml", text: template("{{ .Values.grace | default 25 }}") },
        { path: "charts/b/templates/deployment.yaml", text: template("{{ .Values.grace }}") },
      ],
      () => undefined,
    );
    expect(platformGraces(helm, { grace: {} }, new Set())).toEqual([
      {
        platform: "kubernetes",
        seconds: 25,
        preStopSeconds: 0,
        source: "file",
        fromTemplate: true,
        at: expect.objectContaining({ file: "charts/a/templates/deployment.yaml", line: 5 }),
        description:
          "Deployment: terminationGracePeriodSeconds {{ .Values.grace | default 25 }} = 25 s (template default; may be overridden at deploy time) (charts/a/templates/deployment.yaml)",
      },
    ]);
  });

  it("counts a preStop hook of unknown length as zero and says so", () => {
    const text = files["k8s/deployment.yaml"].replace(
      'exec:\n                command: ["sleep", "10"]',
      "httpGet: { path: /drain, port: 3000 }",
    );
    const graces = platformGraces(
      readDeployment([{ path: "k8s/d.yaml", text }], () => undefined),
      { grace: {} },
      new Set(),
    );
    expect(graces[0]).toMatchObject({
      seconds: 40,
      preStopSeconds: 0,
      description: "Deployment mcp: terminationGracePeriodSeconds 40 s, a preStop hook of unknown length (k8s/d.yaml)",
    });
  });
});
