import { describe, expect, it } from "vitest";
import { readDeployment } from "../deploy/read-deployment.js";
import type { OpenedResource, ProjectModel } from "../model/types.js";
import { buildTestModel, runRule, testSpan } from "../test-support/model-builder.js";
import rule from "./SD016-container-signal-delivery.js";

function modelWith(files: Record<string, string>, partial: Partial<ProjectModel> = {}): ProjectModel {
  const deployment = readDeployment(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    (path) => files[path],
  );
  return buildTestModel({ handledSignals: new Set(["SIGTERM", "SIGINT"]), deployment, ...partial });
}

const childProcess: OpenedResource = {
  id: "src/tools/git.ts#spawn",
  kind: "child-process",
  library: "node:child_process",
  description: "child process",
  at: testSpan("src/tools/git.ts", 12, 'const child = spawn("git", ["clone", url]);'),
  closeMethods: ["kill"],
  scope: "request",
  unref: false,
  closedLocally: false,
  traits: [],
};

const GOOD = `FROM node:22-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:22-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/index.js"]
`;

describe("SD016 container-signal-delivery", () => {
  it("has the meta RULES.md gives it", () => {
    expect(rule.meta).toMatchObject({ id: "SD016", name: "container-signal-delivery", category: "G", severity: "high" });
    expect(rule.docsUrl).toMatch(/docs\/rules\/SD016-container-signal-delivery\.md$/);
  });

  it("is not applicable without a Dockerfile", () => {
    expect(runRule(rule, modelWith({}))).toEqual({ verdict: { outcome: "not_applicable", reason: "no Dockerfile" }, findings: [] });
  });

  it("is not applicable when no Dockerfile runs the server", () => {
    const assetsOnly =
      "FROM node:22 AS build\nCOPY . .\nRUN npm ci && npm run build:web\nFROM nginx:1.27\nCOPY --from=build /app/public /usr/share/nginx/html\n";
    expect(runRule(rule, modelWith({ "web/Dockerfile": assetsOnly })).verdict).toEqual({
      outcome: "not_applicable",
      reason: "no Dockerfile runs the server",
    });
  });

  it("passes exec form with tini in front when the server spawns children", () => {
    expect(runRule(rule, modelWith({ Dockerfile: GOOD }, { opened: [childProcess] }))).toEqual({ verdict: undefined, findings: [] });
  });

  it("flags a shell-form CMD, with medium confidence for a lone command", () => {
    const { findings } = runRule(rule, modelWith({ Dockerfile: "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD node dist/index.js\n" }));
    expect(findings).toEqual([
      {
        messageId: "shellForm",
        data: { label: "Dockerfile", instruction: "CMD", shell: "/bin/sh", script: "node dist/index.js" },
        at: { file: "Dockerfile", line: 4, column: 1, endLine: 4, endColumn: 23, excerpt: "CMD node dist/index.js" },
        confidence: "medium",
        message:
          'Dockerfile: CMD is in shell form, so Docker runs `/bin/sh -c "node dist/index.js"` and the shell, not Node, receives the stop signal.',
      },
    ]);
  });

  it("flags npm as the process that receives the signal, shell form or not", () => {
    const shellForm = runRule(rule, modelWith({ Dockerfile: "FROM node:22\nCOPY . .\nCMD npm start\n" })).findings;
    expect(shellForm).toMatchObject([
      { messageId: "packageManager", data: { command: "npm start", program: "npm" }, at: { line: 3 }, confidence: "high" },
    ]);
    const execForm = runRule(
      rule,
      modelWith({ Dockerfile: 'FROM node:22\nCOPY . .\nENTRYPOINT ["npx", "tsx", "src/index.ts"]\n' }),
    ).findings;
    expect(execForm.map((finding) => [finding.messageId, finding.at.line, finding.message])).toEqual([
      [
        "packageManager",
        3,
        "Dockerfile: the server starts through `npx tsx src/index.ts`; npx becomes the process that receives the stop signal and does not reliably pass it on to Node.",
      ],
    ]);
  });

  it("flags sh -c running the server without exec", () => {
    const dockerfile = 'FROM node:22\nCOPY . .\nCMD ["sh", "-c", "node dist/migrate.js && node dist/index.js"]\n';
    expect(runRule(rule, modelWith({ Dockerfile: dockerfile })).findings).toMatchObject([
      {
        messageId: "shellWithoutExec",
        data: { shell: "sh", script: "node dist/migrate.js && node dist/index.js" },
        at: { line: 3 },
        confidence: "high",
      },
    ]);
    const withExec = 'FROM node:22\nCOPY . .\nCMD ["sh", "-c", "node dist/migrate.js && exec node dist/index.js"]\n';
    expect(runRule(rule, modelWith({ Dockerfile: withExec })).findings).toEqual([]);
  });

  it("flags an entry script that runs node without exec, and passes one that execs", () => {
    const dockerfile = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./docker-entrypoint.sh"]\n';
    const lazy = "#!/bin/sh\nset -e\n./migrate.sh\nnode dist/index.js\n";
    const { findings } = runRule(rule, modelWith({ Dockerfile: dockerfile, "docker-entrypoint.sh": lazy }));
    expect(findings).toEqual([
      {
        messageId: "scriptWithoutExec",
        data: { label: "Dockerfile", script: "./docker-entrypoint.sh", command: "node dist/index.js" },
        at: expect.objectContaining({ file: "Dockerfile", line: 4, excerpt: 'ENTRYPOINT ["./docker-entrypoint.sh"]' }),
        confidence: "high",
        message:
          "Dockerfile: the entry script ./docker-entrypoint.sh ends with `node dist/index.js` instead of `exec node dist/index.js`; the shell stays PID 1 and Node never receives the stop signal.",
      },
    ]);
    const diligent = '#!/bin/sh\nset -e\n./migrate.sh\nexec node dist/index.js "$@"\n';
    expect(runRule(rule, modelWith({ Dockerfile: dockerfile, "docker-entrypoint.sh": diligent }))).toEqual({
      verdict: undefined,
      findings: [],
    });
  });

  it("cannot determine what runs when the entry script is not in the repository", () => {
    const wrapper = 'FROM node:22-slim\nENTRYPOINT ["/opt/bin/start-server"]\nCMD ["node", "dist/index.js"]\n';
    expect(runRule(rule, modelWith({ Dockerfile: wrapper }))).toEqual({
      verdict: {
        outcome: "could_not_determine",
        reason: "Dockerfile: /opt/bin/start-server is not in the repository, so how it starts node dist/index.js is unknown",
      },
      findings: [],
    });
    const scriptOnly = 'FROM node:22-slim\nENTRYPOINT ["/opt/bin/start-server.sh"]\n';
    expect(runRule(rule, modelWith({ Dockerfile: scriptOnly })).verdict).toEqual({
      outcome: "could_not_determine",
      reason: "Dockerfile: the entry script /opt/bin/start-server.sh is not in the repository",
    });
  });

  it("flags a STOPSIGNAL the server does not handle", () => {
    const dockerfile = (signal: string) => `FROM node:22\nCOPY . .\nSTOPSIGNAL ${signal}\nCMD ["node", "dist/index.js"]\n`;
    expect(runRule(rule, modelWith({ Dockerfile: dockerfile("SIGQUIT") })).findings).toEqual([
      {
        messageId: "unhandledStopSignal",
        data: { label: "Dockerfile", signal: "SIGQUIT", handled: "it handles SIGINT, SIGTERM" },
        at: expect.objectContaining({ line: 3, excerpt: "STOPSIGNAL SIGQUIT" }),
        confidence: "high",
        message:
          "Dockerfile: the stop signal is SIGQUIT, which the server does not handle (it handles SIGINT, SIGTERM); the shutdown code never runs before SIGKILL.",
      },
    ]);
    expect(runRule(rule, modelWith({ Dockerfile: dockerfile("2") })).findings).toEqual([]);
    // An unhandled SIGTERM is SD001's finding.
    expect(runRule(rule, modelWith({ Dockerfile: dockerfile("SIGTERM") }, { handledSignals: new Set() })).findings).toEqual([]);
  });

  it("reads compose's stop_signal over the Dockerfile's", () => {
    const files = {
      Dockerfile: 'FROM node:22\nCOPY . .\nCMD ["node", "dist/index.js"]\n',
      "compose.yaml": "services:\n  mcp:\n    build: .\n    stop_signal: SIGUSR2\n",
    };
    expect(runRule(rule, modelWith(files, { handledSignals: new Set() })).findings).toMatchObject([
      {
        messageId: "unhandledStopSignal",
        data: { signal: "SIGUSR2", handled: "it handles no signal" },
        at: { file: "compose.yaml", line: 4 },
      },
    ]);
  });

  it("flags a missing init when the server spawns children, unless compose adds one", () => {
    const dockerfile = 'FROM node:22\nCOPY . .\nCMD ["node", "dist/index.js"]\n';
    expect(runRule(rule, modelWith({ Dockerfile: dockerfile }, { opened: [childProcess] })).findings).toEqual([
      {
        messageId: "noInit",
        data: { label: "Dockerfile" },
        at: expect.objectContaining({ line: 3 }),
        severity: "medium",
        confidence: "medium",
        message:
          "Dockerfile: the server spawns child processes but no init process (tini, dumb-init, compose `init: true`) runs as PID 1; Node does not reap orphaned descendants, which linger as zombies.",
      },
    ]);
    const compose = "services:\n  mcp:\n    build: .\n    init: true\n";
    expect(runRule(rule, modelWith({ Dockerfile: dockerfile, "compose.yaml": compose }, { opened: [childProcess] })).findings).toEqual([]);
  });

  it("judges compose and Kubernetes commands that replace the image's", () => {
    const files = {
      Dockerfile: 'FROM node:22\nCOPY . .\nCMD ["node", "dist/index.js"]\n',
      "docker-compose.yml": "services:\n  mcp:\n    build: .\n    command: npm run start:prod\n",
      "k8s/deployment.yaml":
        'kind: Deployment\nmetadata:\n  name: mcp\nspec:\n  template:\n    spec:\n      containers:\n        - name: mcp\n          image: ghcr.io/acme/mcp:1\n          command: ["sh", "-c", "node dist/migrate.js; node dist/index.js"]\n',
    };
    expect(
      runRule(rule, modelWith(files)).findings.map((finding) => [finding.messageId, finding.at.file, finding.at.line, finding.data?.label]),
    ).toEqual([
      ["packageManager", "docker-compose.yml", 4, "compose service mcp"],
      ["shellWithoutExec", "k8s/deployment.yaml", 10, "container mcp of Deployment mcp"],
    ]);
  });
});
