import { describe, expect, it } from "vitest";
import type { ParseError } from "../report.js";
import { readCompose } from "./compose.js";
import { sourceText } from "./source-text.js";

const COMPOSE = `name: weather-mcp
services:
  mcp:
    build:
      context: ./server
      dockerfile: docker/Dockerfile.prod
      target: runtime
    init: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    command: node dist/index.js --transport http
    ports:
      - "3000:3000"
  worker:
    build: .
    entrypoint: ["/app/docker-entrypoint.sh"]
    stop_grace_period: \${WORKER_GRACE:-45s}
  postgres:
    image: postgres:16-alpine
    stop_grace_period: 2m
`;

describe("readCompose", () => {
  const errors: ParseError[] = [];
  const [mcp, worker, postgres] = readCompose(sourceText("deploy/docker-compose.yml", COMPOSE), errors);

  it("reads stop settings with their spans", () => {
    expect(errors).toEqual([]);
    expect(mcp).toMatchObject({
      file: "deploy/docker-compose.yml",
      name: "mcp",
      at: { line: 3, column: 3, endLine: 3, endColumn: 6, excerpt: "  mcp:" },
      stopGracePeriod: {
        seconds: 90,
        source: "file",
        raw: "1m30s",
        at: { line: 10, column: 5, endLine: 10, endColumn: 29, excerpt: "    stop_grace_period: 1m30s" },
      },
      stopSignal: { signal: "SIGINT", raw: "SIGINT", at: { line: 9 } },
      init: { value: true, at: { line: 8 } },
    });
  });

  it("resolves the build context and Dockerfile relative to the compose file", () => {
    expect(mcp?.build).toMatchObject({
      context: "deploy/server",
      dockerfile: "deploy/server/docker/Dockerfile.prod",
      target: "runtime",
      at: { line: 4, endLine: 7 },
    });
    expect(worker?.build).toMatchObject({ context: "deploy", dockerfile: "deploy/Dockerfile" });
    expect(postgres?.build).toBeUndefined();
    expect(postgres?.image).toBe("postgres:16-alpine");
  });

  it("reads command strings as words and lists as they are", () => {
    expect(mcp?.command).toMatchObject({ form: "string", argv: ["node", "dist/index.js", "--transport", "http"], at: { line: 11 } });
    expect(worker?.entrypoint).toMatchObject({ form: "list", argv: ["/app/docker-entrypoint.sh"], at: { line: 16 } });
  });

  it("takes the fallback of an interpolated duration and marks it", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and compose syntax, not a template
    expect(worker?.stopGracePeriod).toMatchObject({ seconds: 45, source: "template-default", raw: "${WORKER_GRACE:-45s}" });
    expect(postgres?.stopGracePeriod).toMatchObject({ seconds: 120, source: "file" });
  });

  it("defaults stop_grace_period to Docker's 10 s at the service key", () => {
    const [service] = readCompose(sourceText("compose.yaml", "services:\n  app:\n    image: ghcr.io/acme/mcp:1\n"), []);
    expect(service?.stopGracePeriod).toEqual({
      seconds: 10,
      source: "default",
      at: { file: "compose.yaml", line: 2, column: 3, endLine: 2, endColumn: 6, excerpt: "  app:" },
    });
    expect(service?.init).toBeUndefined();
  });

  it("leaves an unset variable unresolved and reports a value that is not a duration", () => {
    const errors: ParseError[] = [];
    const text = "services:\n  a:\n    image: x\n    stop_grace_period: $GRACE\n  b:\n    image: y\n    stop_grace_period: soon\n";
    const [a, b] = readCompose(sourceText("compose.yml", text), errors);
    expect(a?.stopGracePeriod).toMatchObject({ seconds: null, source: "unresolved", raw: "$GRACE" });
    expect(b?.stopGracePeriod).toMatchObject({ seconds: null, source: "file", raw: "soon" });
    expect(errors).toEqual([{ file: "compose.yml", line: 7, message: 'stop_grace_period "soon" is not a duration' }]);
  });

  it("records a YAML syntax error with its line instead of throwing", () => {
    const errors: ParseError[] = [];
    const text = "services:\n  app:\n    image: x\n   command: [node\n";
    expect(readCompose(sourceText("docker-compose.yml", text), errors)).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "docker-compose.yml", line: expect.any(Number) });
  });
});
