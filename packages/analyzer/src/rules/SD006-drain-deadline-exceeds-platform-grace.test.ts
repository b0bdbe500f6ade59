import { describe, expect, it } from "vitest";
import { analyzeSources, findingsOf, outcomeOf, resultOf, source } from "../test-support/analyze-sources.js";

const RULE = "SD006";

const STDIO_SERVER = [
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
  "",
  'const server = new McpServer({ name: "notes", version: "1.0.0" });',
  "const transport = new StdioServerTransport();",
  "await server.connect(transport);",
];

const HTTP_SERVER = [
  'import express from "express";',
  'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
  "",
  "const app = express();",
  'app.post("/mcp", async (req, res) => {',
  "  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
  '  res.on("close", () => void transport.close());',
  "  await transport.handleRequest(req, res, req.body);",
  "});",
  "const httpServer = app.listen(3000);",
];

const DOCKERFILE = source("FROM node:22-slim", "WORKDIR /app", "COPY . .", 'CMD ["node", "src/server.js"]', "");

describe("SD006 drain-deadline-exceeds-platform-grace", () => {
  it("flags a stdio force-exit timer from stdin EOF that is longer than the client's 2 s", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        "",
        "async function shutdown(): Promise<void> {",
        "  setTimeout(() => process.exit(1), 5_000).unref();",
        "  await server.close();",
        "  process.exit(0);",
        "}",
        'process.stdin.on("end", shutdown);',
        'process.stdin.on("close", shutdown);',
        'process.on("SIGTERM", shutdown);',
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding, ...rest] = findingsOf(report, RULE);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: "src/index.ts", line: 9, column: 3, severity: "medium", confidence: "high" });
    expect(finding?.message).toContain("5 s");
    expect(finding?.message).toContain("2 s");
  });

  it("passes a stdio server whose EOF deadline is 1.5 s, even when its signal path uses close-with-grace's 10 s", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        'import closeWithGrace from "close-with-grace";',
        "",
        "let closing: Promise<void> | undefined;",
        "function onEof(): Promise<void> {",
        "  closing ??= (async () => {",
        "    setTimeout(() => process.exit(1), 1_500).unref();",
        "    await server.close();",
        "  })();",
        "  return closing;",
        "}",
        'process.stdin.once("end", onEof);',
        'process.stdin.once("close", onEof);',
        "closeWithGrace(async () => {",
        "  await server.close();",
        "});",
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("treats a deadline equal to the grace as a failure: close-with-grace's default 10 s under docker stop's 10 s", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        'import closeWithGrace from "close-with-grace";',
        "",
        "closeWithGrace(async ({ signal }) => {",
        "  await new Promise((resolve) => httpServer.close(resolve));",
        "});",
      ),
      Dockerfile: DOCKERFILE,
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ file: "src/server.js", line: 13, column: 1, severity: "medium", confidence: "high" });
    expect(finding?.message).toContain("Shutdown deadline 10 s (close-with-grace's default timeout)");
    expect(finding?.message).toContain("docker stop");
  });

  it("passes close-with-grace with an explicit delay of 80 % of Docker's grace", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        'import closeWithGrace from "close-with-grace";',
        "",
        "closeWithGrace({ delay: 8000 }, async () => {",
        "  await new Promise((resolve) => httpServer.close(resolve));",
        "});",
      ),
      Dockerfile: DOCKERFILE,
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(resultOf(report, RULE)).toMatchObject({
      outcome: "pass",
      reason: "every shutdown deadline fits within 80 % of the platform's grace",
    });
  });

  it("passes a deadline between 80 % and 100 % of the grace, naming the thin margin", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        'import closeWithGrace from "close-with-grace";',
        "",
        "closeWithGrace({ delay: 9000 }, async () => {",
        "  await new Promise((resolve) => httpServer.close(resolve));",
        "});",
      ),
      Dockerfile: DOCKERFILE,
    });
    expect(outcomeOf(report, RULE)).toBe("pass");
    expect(resultOf(report, RULE).reason).toContain("thin margin");
  });

  it("passes @godaddy/terminus' 1 s default under Docker", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        'import { createTerminus } from "@godaddy/terminus";',
        "",
        "createTerminus(httpServer, { signals: ['SIGTERM', 'SIGINT'], onSignal: async () => {} });",
      ),
      Dockerfile: DOCKERFILE,
    });
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("flags lightship's 60 s default against Kubernetes' 30 s default grace", async () => {
    const report = await analyzeSources({
      "src/server.ts": source(
        ...HTTP_SERVER,
        'import { createLightship } from "lightship";',
        "",
        "const lightship = await createLightship();",
        "lightship.registerShutdownHandler(async () => {",
        "  await new Promise<void>((resolve) => httpServer.close(() => resolve()));",
        "});",
      ),
      "deploy/deployment.yaml": source(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: notes-mcp",
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: app",
        "          image: ghcr.io/acme/notes-mcp:1.0.0",
        "",
      ),
    });
    expect(outcomeOf(report, RULE)).toBe("fail");
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ file: "src/server.ts", line: 14, column: 1, confidence: "high" });
    expect(finding?.message).toContain("60 s");
    expect(finding?.message).toContain("30 s");
  });

  it("subtracts a Kubernetes preStop sleep from the grace", async () => {
    const report = await analyzeSources({
      "src/server.ts": source(
        ...HTTP_SERVER,
        "",
        'process.once("SIGTERM", async () => {',
        "  setTimeout(() => process.exit(1), 25_000).unref();",
        "  await new Promise<void>((resolve) => httpServer.close(() => resolve()));",
        "});",
      ),
      "deploy/deployment.yaml": source(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: notes-mcp",
        "spec:",
        "  template:",
        "    spec:",
        "      terminationGracePeriodSeconds: 30",
        "      containers:",
        "        - name: app",
        "          image: ghcr.io/acme/notes-mcp:1.0.0",
        "          lifecycle:",
        "            preStop:",
        "              exec:",
        '                command: ["sleep", "10"]',
        "",
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ file: "src/server.ts", line: 13, column: 3 });
    expect(finding?.message).toContain("20 s (30 s minus 10 s of preStop)");
  });

  it("flags a systemd TimeoutStopSec equal to the deadline", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        "",
        "const FORCE_EXIT_MS = 5 * 1000;",
        'process.on("SIGTERM", () => {',
        "  setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();",
        "  httpServer.close(() => process.exit(0));",
        "});",
      ),
      "deploy/notes-mcp.service": source(
        "[Unit]",
        "Description=notes MCP",
        "",
        "[Service]",
        "ExecStart=/usr/bin/node /opt/notes/src/server.js",
        "TimeoutStopSec=5",
        "",
      ),
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ file: "src/server.js", line: 14, column: 3, confidence: "high" });
    expect(finding?.message).toContain("systemd TimeoutStopSec");
  });

  it("gives medium confidence to a deadline read from the environment with a default", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        "",
        'process.on("SIGTERM", () => {',
        "  setTimeout(() => process.exit(1), Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15000)).unref();",
        "  httpServer.close(() => process.exit(0));",
        "});",
      ),
      Dockerfile: DOCKERFILE,
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 13, column: 3, confidence: "medium" });
  });

  it("gives medium confidence when the environment default is read into a constant first", async () => {
    const report = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        "",
        "const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15000);",
        'process.on("SIGTERM", () => {',
        "  setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();",
        "  httpServer.close(() => process.exit(0));",
        "});",
      ),
      Dockerfile: DOCKERFILE,
    });
    const [finding] = findingsOf(report, RULE);
    expect(finding).toMatchObject({ line: 14, column: 3, confidence: "medium" });
  });

  it("uses a grace declared in .lastcall.json for a deployment outside the repository", async () => {
    const files = {
      "src/server.js": source(
        ...HTTP_SERVER,
        'import closeWithGrace from "close-with-grace";',
        "",
        "closeWithGrace(async () => {",
        "  await new Promise((resolve) => httpServer.close(resolve));",
        "});",
      ),
    };
    expect(outcomeOf(await analyzeSources({ ...files, ".lastcall.json": JSON.stringify({ grace: { docker: 30 } }) }), RULE)).toBe("pass");
    const declaredShort = await analyzeSources({ ...files, ".lastcall.json": JSON.stringify({ grace: { kubernetes: 10 } }) });
    expect(findingsOf(declaredShort, RULE)).toMatchObject([{ line: 13, column: 1 }]);
  });

  it("follows a deadline set in a helper module required from CommonJS", async () => {
    const report = await analyzeSources({
      "package.json": JSON.stringify({ name: "notes-mcp", main: "src/index.js" }),
      "src/index.js": source(
        'const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");',
        'const { StdioServerTransport } = require("@modelcontextprotocol/sdk/server/stdio.js");',
        'const { installShutdown } = require("./shutdown.js");',
        "",
        'const server = new McpServer({ name: "notes", version: "1.0.0" });',
        "server.connect(new StdioServerTransport()).then(() => installShutdown(server));",
      ),
      "src/shutdown.js": source(
        "function installShutdown(server) {",
        "  const stop = async () => {",
        "    setTimeout(() => process.exit(1), 3000).unref();",
        "    await server.close();",
        "    process.exit(0);",
        "  };",
        '  process.stdin.on("end", stop);',
        '  process.on("SIGTERM", stop);',
        "}",
        "module.exports = { installShutdown };",
      ),
    });
    expect(findingsOf(report, RULE)).toMatchObject([{ file: "src/shutdown.js", line: 3, column: 5, severity: "medium" }]);
  });

  it("ignores a step bound that the path's shorter force-exit deadline pre-empts", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        "",
        "async function shutdown(): Promise<void> {",
        "  setTimeout(() => process.exit(1), 1_500).unref();",
        '  await fetch("http://localhost:9000/drain", { signal: AbortSignal.timeout(5_000) });',
        "  await server.close();",
        "}",
        'process.stdin.on("end", shutdown);',
      ),
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(outcomeOf(report, RULE)).toBe("pass");
  });

  it("cannot determine a force-exit delay it cannot evaluate", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(
        ...STDIO_SERVER,
        'import { loadSettings } from "./settings.js";',
        "",
        'process.stdin.on("end", () => {',
        "  setTimeout(() => process.exit(1), loadSettings().graceMs).unref();",
        "  void server.close();",
        "});",
      ),
      "src/settings.ts": source(
        "export function loadSettings(): { graceMs: number } {",
        '  return JSON.parse(process.env.SETTINGS ?? "{}");',
        "}",
      ),
    });
    expect(resultOf(report, RULE)).toMatchObject({ outcome: "could_not_determine" });
    expect(resultOf(report, RULE).reason).toContain("src/index.ts:10");
  });

  it("cannot determine the deadline of a shutdown handler it cannot follow", async () => {
    const report = await analyzeSources({
      "src/index.ts": source(...STDIO_SERVER, 'import { onStop } from "./stop.js";', "onStop();"),
      "src/stop.ts": source("export function onStop(stop?: () => void): void {", '  process.stdin.on("end", () => stop?.());', "}"),
    });
    expect(resultOf(report, RULE)).toMatchObject({
      outcome: "could_not_determine",
      reason: expect.stringContaining("src/stop.ts:2 could not be followed"),
    });
  });

  describe("under docker compose, the service's stop_grace_period replaces Docker's default 10 s", () => {
    const forceExitAfter = (ms: string) =>
      source(
        ...HTTP_SERVER,
        "",
        'process.on("SIGTERM", () => {',
        `  setTimeout(() => process.exit(1), ${ms}).unref();`,
        "  httpServer.close(() => process.exit(0));",
        "});",
      );
    const compose = (grace?: string) =>
      source(
        "services:",
        "  mcp:",
        "    build: .",
        ...(grace ? [`    stop_grace_period: ${grace}`] : []),
        "  db:",
        "    image: postgres:17",
        "",
      );

    it("passes a 15 s deadline under stop_grace_period: 30s, although the Dockerfile alone would give 10 s", async () => {
      const report = await analyzeSources({
        "src/server.js": forceExitAfter("15_000"),
        Dockerfile: DOCKERFILE,
        "compose.yaml": compose("30s"),
      });
      expect(findingsOf(report, RULE)).toEqual([]);
      expect(resultOf(report, RULE)).toMatchObject({
        outcome: "pass",
        reason: "every shutdown deadline fits within 80 % of the platform's grace",
      });
    });

    it("fails the same deadline against compose's default 10 s when the service sets no stop_grace_period", async () => {
      const report = await analyzeSources({ "src/server.js": forceExitAfter("15_000"), Dockerfile: DOCKERFILE, "compose.yaml": compose() });
      expect(outcomeOf(report, RULE)).toBe("fail");
      const [finding, ...rest] = findingsOf(report, RULE);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ file: "src/server.js", line: 13, column: 3, confidence: "high" });
      expect(finding?.message).toContain("Shutdown deadline 15 s (force-exit timer) is not shorter than the 10 s");
      expect(finding?.message).toContain("compose service mcp: stop_grace_period 10 s (default) (compose.yaml)");
    });

    it("judges the configured grace at the 80 % boundary: 24 s of 30 s passes, 25 s passes with a thin margin, 30 s fails", async () => {
      const run = (ms: string) =>
        analyzeSources({ "src/server.ts": forceExitAfter(ms), Dockerfile: DOCKERFILE, "compose.yaml": compose("30s") });
      expect(resultOf(await run("24_000"), RULE)).toMatchObject({
        outcome: "pass",
        reason: "every shutdown deadline fits within 80 % of the platform's grace",
      });
      const thin = resultOf(await run("25_000"), RULE);
      expect(thin.outcome).toBe("pass");
      expect(thin.reason).toContain("the force-exit timer of 25 s leaves less than 20 % of the 30 s grace (compose)");
      const equal = await run("30_000");
      expect(outcomeOf(equal, RULE)).toBe("fail");
      expect(findingsOf(equal, RULE)).toMatchObject([{ file: "src/server.ts", line: 13, column: 3 }]);
      expect(findingsOf(equal, RULE)[0]?.message).toContain("stop_grace_period 30s");
    });

    it("still holds a Dockerfile that no compose service builds to Docker's 10 s", async () => {
      const report = await analyzeSources({
        "src/server.js": forceExitAfter("15_000"),
        Dockerfile: DOCKERFILE,
        "compose.yaml": source(
          "services:",
          "  mcp:",
          "    build:",
          "      context: .",
          "      dockerfile: Dockerfile.dev",
          "    stop_grace_period: 30s",
          "",
        ),
        "Dockerfile.dev": DOCKERFILE,
      });
      const [finding, ...rest] = findingsOf(report, RULE);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ file: "src/server.js", line: 13, column: 3 });
      expect(finding?.message).toContain("docker stop sends SIGKILL 10 s after the stop signal (Dockerfile)");
    });
  });

  it("is not applicable without a deadline, or without a deployment target", async () => {
    const noDeadline = await analyzeSources({
      "src/index.ts": source(...STDIO_SERVER, 'process.stdin.on("end", () => void server.close());'),
    });
    expect(resultOf(noDeadline, RULE)).toMatchObject({
      outcome: "not_applicable",
      reason: expect.stringContaining("no numeric shutdown deadline"),
    });

    const noTarget = await analyzeSources({
      "src/server.js": source(
        ...HTTP_SERVER,
        'process.on("SIGTERM", () => {',
        "  setTimeout(() => process.exit(1), 60_000).unref();",
        "  httpServer.close();",
        "});",
      ),
    });
    expect(resultOf(noTarget, RULE)).toMatchObject({ outcome: "not_applicable", reason: expect.stringContaining("no deployment target") });
  });
});
