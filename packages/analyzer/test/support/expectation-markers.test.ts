import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { collectExpectationMarkers, MarkerSyntaxError, markerPrefixFor, parseExpectationMarkers } from "./expectation-markers.js";

const source = (...lines: string[]) => lines.join("\n");

describe("markerPrefixFor", () => {
  it.each([
    ["src/index.ts", "//"],
    ["src/server.mjs", "//"],
    ["bin/server.cjs", "//"],
    ["Dockerfile", "#"],
    ["Dockerfile.prod", "#"],
    ["deploy/k8s/deployment.yaml", "#"],
    ["docker-compose.yml", "#"],
    ["deploy/orders-mcp.service", "#"],
    ["package.json", undefined],
    ["expected.json", undefined],
    ["README.md", undefined],
  ])("%s → %s", (file, prefix) => {
    expect(markerPrefixFor(file)).toBe(prefix);
  });
});

describe("parseExpectationMarkers", () => {
  it("attaches an expect marker to the line directly below it", () => {
    const markers = parseExpectationMarkers(
      "src/index.ts",
      source("const transport = new StdioServerTransport();", "// expect: SD003", "await server.connect(transport);"),
    );
    expect(markers).toEqual([{ kind: "expect", ruleId: "SD003", file: "src/index.ts", line: 3, markerLine: 2 }]);
  });

  it("reads several comma-separated ids and ignores the note after --", () => {
    const markers = parseExpectationMarkers(
      "src/index.ts",
      source("  // expect: SD001,SD003 , SD009 -- no handler at all", "  await server.connect(transport);"),
    );
    expect(markers.map((m) => [m.kind, m.ruleId, m.line])).toEqual([
      ["expect", "SD001", 2],
      ["expect", "SD003", 2],
      ["expect", "SD009", 2],
    ]);
  });

  it("stacks consecutive marker lines onto the first line that is not a marker", () => {
    const markers = parseExpectationMarkers(
      "src/shutdown.ts",
      source("function run() {", "  // ok: SD002", "  // expect: SD010", "  process.exit(0);", "}"),
    );
    expect(markers.map((m) => [m.kind, m.ruleId, m.line, m.markerLine])).toEqual([
      ["ok", "SD002", 4, 2],
      ["expect", "SD010", 4, 3],
    ]);
  });

  it("uses # comments in Dockerfiles and YAML", () => {
    expect(parseExpectationMarkers("Dockerfile", source("FROM node:22-slim", "# expect: SD016", "CMD npm start"))).toEqual([
      { kind: "expect", ruleId: "SD016", file: "Dockerfile", line: 3, markerLine: 2 },
    ]);
    expect(
      parseExpectationMarkers(
        "deploy/k8s/deployment.yaml",
        source("    spec:", "      # expect: SD017", "      terminationGracePeriodSeconds: 5"),
      ).map((m) => [m.ruleId, m.line]),
    ).toEqual([["SD017", 3]]);
  });

  it("does not read // comments in YAML or # lines in TypeScript as markers", () => {
    expect(parseExpectationMarkers("k8s.yaml", source("// expect: SD017", "a: 1"))).toEqual([]);
    expect(parseExpectationMarkers("src/shutdown.ts", source("class A {", "  #ok = true;", "  #promise?: Promise<void>;", "}"))).toEqual(
      [],
    );
  });

  it("handles CRLF line endings and a shebang", () => {
    const markers = parseExpectationMarkers(
      "src/index.mjs",
      "#!/usr/bin/env node\r\n// expect: SD001\r\nawait server.connect(transport);\r\n",
    );
    expect(markers.map((m) => [m.ruleId, m.line])).toEqual([["SD001", 3]]);
  });

  it("ignores ordinary comments that merely mention expectations", () => {
    const markers = parseExpectationMarkers(
      "src/index.ts",
      source("// We expect the pool to drain first.", "// ok, this is fine", "pool.end();"),
    );
    expect(markers).toEqual([]);
  });

  it("returns nothing for files that cannot carry markers", () => {
    expect(parseExpectationMarkers("package.json", '{ "name": "x" } // expect: SD001')).toEqual([]);
  });

  it.each([
    ["a blank line between marker and code", source("// expect: SD003", "", "await server.connect(t);"), /directly above/],
    ["a marker at the end of the file", source("await server.connect(t);", "// expect: SD003"), /end of the file/],
    ["an id that is not a rule id", source("// expect: SD3", "x();"), /not a rule id/],
    ["a rule name instead of an id", source("// ok: resource-left-open", "x();"), /not a rule id/],
    ["an empty id list", source("// expect:", "x();"), /lists no rule id/],
    ["a missing colon", source("// expect SD003", "x();"), /does not parse/],
    ["Semgrep's keyword", source("// ruleid: SD003", "x();"), /does not parse/],
    ["a capitalised keyword", source("// Expect: SD003", "x();"), /does not parse/],
    ["a duplicate marker", source("// expect: SD003", "// expect: SD003", "x();"), /duplicate/],
    ["expect and ok for one rule on one line", source("// expect: SD003", "// ok: SD003", "x();"), /both expected and ok/],
  ])("rejects %s", (_case, text, message) => {
    expect(() => parseExpectationMarkers("src/index.ts", text)).toThrow(MarkerSyntaxError);
    expect(() => parseExpectationMarkers("src/index.ts", text)).toThrow(message);
  });

  it("names the file and line in errors", () => {
    expect(() => parseExpectationMarkers("src/a.ts", source("x();", "// expect: SDX", "y();"))).toThrow(/^src\/a\.ts:2: /);
  });
});

describe("collectExpectationMarkers", () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it("walks a fixture, skipping node_modules and files that cannot carry markers", () => {
    root = mkdtempSync(join(tmpdir(), "lastcall-markers-"));
    mkdirSync(join(root, "src", "lifecycle"), { recursive: true });
    mkdirSync(join(root, "node_modules", "pg"), { recursive: true });
    writeFileSync(join(root, "src", "index.ts"), source("// expect: SD001", "app.listen(3000);"));
    writeFileSync(join(root, "src", "lifecycle", "index.ts"), source("// ok: SD002", "process.exit(1);"));
    writeFileSync(join(root, "node_modules", "pg", "index.js"), source("// expect: SD009", "x();"));
    writeFileSync(join(root, "Dockerfile"), source("# expect: SD016", "CMD npm start"));
    writeFileSync(join(root, "expected.json"), "{}");

    expect(collectExpectationMarkers(root).map((m) => `${m.kind} ${m.ruleId} ${m.file}:${m.line}`)).toEqual([
      "expect SD016 Dockerfile:2",
      "expect SD001 src/index.ts:2",
      "ok SD002 src/lifecycle/index.ts:2",
    ]);
  });
});
