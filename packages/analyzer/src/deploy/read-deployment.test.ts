import { describe, expect, it } from "vitest";
import { isDeploymentFileCandidate, readDeployment } from "./read-deployment.js";

const REPO: Record<string, string> = {
  Dockerfile: `FROM node:22-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:22-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
COPY docker-entrypoint.sh /usr/local/bin/
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node", "dist/index.js"]
`,
  "docker-entrypoint.sh": `#!/bin/sh
set -e
node dist/migrate.js
exec "$@"
`,
  "docker/Dockerfile.dev": `FROM node:22
WORKDIR /app
COPY . .
CMD npm run dev
`,
  "docker-compose.yml": `services:
  mcp:
    build: .
    init: true
    stop_grace_period: 20s
  dev:
    build:
      context: .
      dockerfile: docker/Dockerfile.dev
    command: sh -c "npm run migrate && node dist/index.js"
  redis:
    image: redis:7-alpine
`,
  "k8s/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mcp
spec:
  template:
    spec:
      containers:
        - name: mcp
          image: ghcr.io/acme/mcp:1.0.0
          command: ["npm", "start"]
`,
  "k8s/broken.yaml": "kind: Deployment\nspec:\n  template:\n    spec:\n      containers: [\n",
  "charts/mcp/values.yaml": "terminationGracePeriodSeconds: 45\n",
  "charts/mcp/templates/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      containers:
        - name: mcp
          image: "{{ .Values.image }}"
`,
  "deploy/mcp.service": "[Service]\nExecStart=/usr/bin/node /opt/mcp/dist/index.js\nTimeoutStopSec=15\n",
  "package.json": '{ "name": "mcp" }',
  "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
};

const candidates = Object.keys(REPO)
  .filter(isDeploymentFileCandidate)
  .map((path) => ({ path, text: REPO[path] as string }));
const facts = readDeployment(candidates, (path) => REPO[path]);

describe("isDeploymentFileCandidate", () => {
  it.each([
    "Dockerfile",
    "docker/Dockerfile.prod",
    "server.Dockerfile",
    "build/app.dockerfile",
    "Containerfile",
    "docker-compose.yml",
    "docker-compose.override.yaml",
    "deploy/compose.prod.yaml",
    "k8s/deployment.yaml",
    "charts/mcp/templates/statefulset.yml",
    "deploy/mcp.service",
  ])("takes %s", (path) => {
    expect(isDeploymentFileCandidate(path)).toBe(true);
  });

  it.each([
    "Dockerfile.dockerignore",
    "docs/Dockerfile.md",
    ".dockerignore",
    "pnpm-lock.yaml",
    ".github/workflows/ci.yml",
    "docker-entrypoint.sh",
    "src/service.ts",
    "package.json",
  ])("skips %s", (path) => {
    expect(isDeploymentFileCandidate(path)).toBe(false);
  });
});

describe("readDeployment", () => {
  it("reads the final stage of each Dockerfile and follows its entry script", () => {
    expect(facts.dockerfiles.map((dockerfile) => dockerfile.file)).toEqual(["Dockerfile", "docker/Dockerfile.dev"]);
    const [production, dev] = facts.dockerfiles;
    expect(production).toMatchObject({
      finalStage: { base: "node:22-slim", at: { line: 6 } },
      entrypoint: { form: "exec", argv: ["docker-entrypoint.sh"], at: { line: 12 } },
      cmd: { form: "exec", argv: ["node", "dist/index.js"], at: { line: 13 } },
      stopSignal: { signal: "SIGINT", at: { line: 11 } },
    });
    expect(production?.launch).toEqual([
      {
        kind: "entry-script",
        path: "docker-entrypoint.sh",
        repoFile: "docker-entrypoint.sh",
        execs: true,
        forwardsSignals: false,
        at: expect.objectContaining({ file: "Dockerfile", line: 12 }),
      },
      {
        kind: "program",
        program: "node",
        argv: ["node", "dist/index.js"],
        runsJavaScript: true,
        at: expect.objectContaining({ file: "Dockerfile", line: 13 }),
      },
    ]);
    expect(dev?.launch).toMatchObject([
      { kind: "shell", program: "/bin/sh", implicit: true, script: "npm run dev", at: { file: "docker/Dockerfile.dev", line: 4 } },
      { kind: "package-manager", program: "npm", argv: ["npm", "run", "dev"] },
    ]);
  });

  it("follows a compose command override through its Dockerfile", () => {
    expect(facts.compose.map((service) => [service.name, service.build?.dockerfile])).toEqual([
      ["mcp", "Dockerfile"],
      ["dev", "docker/Dockerfile.dev"],
      ["redis", undefined],
    ]);
    expect(facts.compose[0]?.launch).toBeUndefined();
    expect(facts.compose[1]?.launch).toMatchObject([
      { kind: "shell", program: "sh", implicit: false, execs: false, at: { file: "docker-compose.yml", line: 10 } },
      { kind: "program", program: "node", runsJavaScript: true },
    ]);
  });

  it("reads manifests and Helm templates, resolving values.yaml through readFile", () => {
    expect(facts.kubernetes.map((pod) => [pod.file, pod.name, pod.helm, pod.terminationGracePeriodSeconds.seconds])).toEqual([
      ["charts/mcp/templates/deployment.yaml", "{{ .Release.Name }}", true, 45],
      ["k8s/deployment.yaml", "mcp", false, 30],
    ]);
    expect(facts.kubernetes[1]?.containers[0]?.launch).toMatchObject([
      { kind: "package-manager", program: "npm", at: { file: "k8s/deployment.yaml", line: 11 } },
    ]);
  });

  it("reads systemd units", () => {
    expect(facts.systemd).toMatchObject([{ file: "deploy/mcp.service", timeoutStop: { seconds: 15, at: { line: 3 } } }]);
  });

  it("records files that do not parse and reads the rest", () => {
    expect(facts.parseErrors).toEqual([{ file: "k8s/broken.yaml", line: expect.any(Number), message: expect.any(String) }]);
  });

  it("does not parse oversized YAML", () => {
    const huge = `kind: Deployment\nspec:\n  template:\n    spec:\n      containers: []\n${"# padding\n".repeat(30_000)}`;
    expect(readDeployment([{ path: "k8s/huge.yaml", text: huge }], () => undefined)).toMatchObject({
      kubernetes: [],
      parseErrors: [{ file: "k8s/huge.yaml", message: "not read: larger than 256 KiB" }],
    });
  });

  it("returns empty facts for a repository without deployment files", () => {
    expect(readDeployment([], () => undefined)).toEqual({ dockerfiles: [], compose: [], kubernetes: [], systemd: [], parseErrors: [] });
  });
});
