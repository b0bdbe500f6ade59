import { describe, expect, it } from "vitest";
import { type DockerStage, findImageScript, parseDockerfile, stageImage } from "./dockerfile.js";
import { sourceText } from "./source-text.js";

function stages(text: string, file = "Dockerfile"): DockerStage[] {
  const parsed = parseDockerfile(sourceText(file, text));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.stages;
}

function finalImage(text: string) {
  const all = stages(text);
  return stageImage(all[all.length - 1] as DockerStage);
}

const MULTI_STAGE = `# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=22

FROM node:\${NODE_VERSION}-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build \\
  # strip dev dependencies for the runtime image
  && npm prune --omit=dev

FROM --platform=linux/amd64 node:22-slim AS runtime
RUN apt-get update \\
 && apt-get install -y --no-install-recommends tini \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/dist ./dist
COPY --from=build /src/node_modules ./node_modules
USER node
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/index.js"]
`;

describe("parseDockerfile", () => {
  it("splits stages and joins continuations, skipping comment lines inside them", () => {
    const [build, runtime] = stages(MULTI_STAGE);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and compose syntax, not a template
    expect(build).toMatchObject({ name: "build", base: "node:${NODE_VERSION}-slim", at: { line: 4 } });
    expect(runtime).toMatchObject({ name: "runtime", base: "node:22-slim", at: { line: 13 } });
    const prune = build?.instructions.find((instruction) => instruction.args.includes("prune"));
    expect(prune).toMatchObject({
      keyword: "RUN",
      args: "npm run build   && npm prune --omit=dev",
      at: { line: 9, column: 1, endLine: 11, endColumn: 26, excerpt: "RUN npm run build \\" },
    });
    const apt = runtime?.instructions[0];
    expect(apt?.at).toMatchObject({ line: 14, endLine: 16 });
  });

  it("reads the final stage's CMD, ENTRYPOINT and STOPSIGNAL with their spans", () => {
    const image = finalImage(MULTI_STAGE);
    expect(image.entrypoint).toEqual({
      form: "exec",
      argv: ["/usr/bin/tini", "--"],
      text: '["/usr/bin/tini", "--"]',
      at: {
        file: "Dockerfile",
        line: 22,
        column: 1,
        endLine: 22,
        endColumn: 35,
        excerpt: 'ENTRYPOINT ["/usr/bin/tini", "--"]',
      },
    });
    expect(image.cmd).toMatchObject({ form: "exec", argv: ["node", "dist/index.js"], at: { line: 23 } });
    expect(image.stopSignal).toMatchObject({ signal: "SIGTERM", raw: "SIGTERM", at: { line: 21 } });
    expect(image.workdir).toBe("/app");
  });

  it("treats a CMD that is not valid JSON as shell form, as Docker does", () => {
    const image = finalImage("FROM node:22\nCMD ['node', 'dist/index.js']\n");
    expect(image.cmd).toMatchObject({ form: "shell", argv: ["[node,", "dist/index.js]"], text: "['node', 'dist/index.js']" });
  });

  it("inherits CMD from an earlier stage, and drops an inherited CMD when ENTRYPOINT is set", () => {
    const text = [
      "FROM node:22-alpine AS base",
      "WORKDIR /app",
      'CMD ["node", "dist/index.js"]',
      "FROM base AS production",
      "ENV NODE_ENV=production",
      "FROM base AS with-entrypoint",
      'ENTRYPOINT ["./docker-entrypoint.sh"]',
      "",
    ].join("\n");
    const [, production, withEntrypoint] = stages(text);
    expect(stageImage(production as DockerStage).cmd).toMatchObject({ inheritedFrom: "base", at: { line: 3 } });
    const image = stageImage(withEntrypoint as DockerStage);
    expect(image.cmd).toBeUndefined();
    expect(image.entrypoint).toMatchObject({ argv: ["./docker-entrypoint.sh"], at: { line: 7 } });
  });

  it("honours the escape directive", () => {
    const image = finalImage("# escape=`\nFROM mcr.microsoft.com/windows/servercore\nCMD node `\n  dist\\index.js\n");
    expect(image.cmd).toMatchObject({ form: "shell", text: "node   dist\\index.js", at: { line: 3, endLine: 4 } });
  });

  it("expands ENV in STOPSIGNAL and WORKDIR and follows SHELL", () => {
    const image = finalImage(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and compose syntax, not a template
      'FROM node:22\nENV APP_HOME=/srv/mcp STOP=SIGINT\nWORKDIR $APP_HOME\nWORKDIR lib\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nSTOPSIGNAL ${STOP}\n',
    );
    expect(image.workdir).toBe("/srv/mcp/lib");
    expect(image.shell).toEqual(["/bin/bash", "-o", "pipefail", "-c"]);
    expect(image.stopSignal).toMatchObject({ signal: "SIGINT", raw: "SIGINT", at: { line: 6 } });
  });

  it("reads heredoc bodies without treating them as instructions", () => {
    const text = [
      "FROM node:22-slim",
      "COPY <<EOF /usr/local/bin/start.sh",
      "#!/bin/sh",
      "exec node /app/dist/index.js",
      "EOF",
      "RUN <<-SCRIPT",
      "\tchmod +x /usr/local/bin/start.sh",
      "SCRIPT",
      'ENTRYPOINT ["start.sh"]',
      "",
    ].join("\n");
    const [stage] = stages(text);
    expect(stage?.instructions.map((instruction) => [instruction.keyword, instruction.at.line])).toEqual([
      ["COPY", 2],
      ["RUN", 6],
      ["ENTRYPOINT", 9],
    ]);
    expect(stage?.instructions[0]?.heredocs).toEqual(["#!/bin/sh\nexec node /app/dist/index.js\n"]);
    expect(stage?.instructions[1]?.heredocs).toEqual(["chmod +x /usr/local/bin/start.sh\n"]);
  });

  it.each([
    ["FROM node:22\nCOPY . .\nRUNN npm ci\n", 3, "unknown instruction: RUNN"],
    ["# just a comment\nCMD node index.js\n", 2, "CMD before the first FROM"],
    ["ARG X=1\n", 1, "no FROM instruction"],
    ["FROM node:22\nRUN <<EOF\necho hi\n", 2, "heredoc EOF is not terminated"],
    ["FROM {{ .Values.base }}\n{{ if .Values.debug }}\n", 2, "unknown instruction: {{"],
  ])("reports a file that does not parse (%#)", (text, line, message) => {
    expect(parseDockerfile(sourceText("docker/Dockerfile", text))).toEqual({
      ok: false,
      error: { file: "docker/Dockerfile", line, message },
    });
  });
});

describe("findImageScript", () => {
  const repo: Record<string, string> = {
    "scripts/docker-entrypoint.sh": '#!/bin/sh\nexec "$@"\n',
    "server/start.sh": "#!/bin/sh\nnode dist/index.js\n",
    "entrypoint.sh": "#!/bin/sh\nexec node dist/index.js\n",
  };
  const readFile = (path: string) => repo[path];

  it("follows COPY to a file path, renames included", () => {
    const image = finalImage("FROM node:22\nCOPY scripts/docker-entrypoint.sh /usr/local/bin/entry\n");
    expect(findImageScript("/usr/local/bin/entry", image, "Dockerfile", ["."], readFile)?.repoFile).toBe("scripts/docker-entrypoint.sh");
  });

  it("follows COPY into a directory, for bare names on PATH", () => {
    const image = finalImage("FROM node:22\nCOPY scripts/*.sh /usr/local/bin/\n");
    expect(findImageScript("docker-entrypoint.sh", image, "Dockerfile", ["."], readFile)?.repoFile).toBe("scripts/docker-entrypoint.sh");
  });

  it("follows a directory COPY relative to WORKDIR, within the build context", () => {
    const image = finalImage("FROM node:22\nWORKDIR /app\nCOPY . .\n");
    expect(findImageScript("./start.sh", image, "server/Dockerfile", ["server", "."], readFile)?.repoFile).toBe("server/start.sh");
  });

  it("reads a heredoc script from the Dockerfile itself", () => {
    const image = finalImage("FROM node:22\nCOPY <<EOF /start.sh\n#!/bin/sh\nexec node /app/index.js\nEOF\n");
    expect(findImageScript("/start.sh", image, "Dockerfile", ["."], readFile)).toEqual({
      repoFile: "Dockerfile",
      text: "#!/bin/sh\nexec node /app/index.js\n",
    });
  });

  it("ignores files copied from other stages and falls back to the name in the context", () => {
    const image = finalImage("FROM node:22\nCOPY --from=build /src/entrypoint.sh /entrypoint.sh\n");
    expect(findImageScript("/entrypoint.sh", image, "Dockerfile", ["."], readFile)?.repoFile).toBe("entrypoint.sh");
    expect(findImageScript("/missing.sh", image, "Dockerfile", ["."], readFile)).toBeUndefined();
  });
});
