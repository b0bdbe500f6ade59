import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../report.js";
import { CARELESS_STDIO_SERVER, createProject, DOCS_ONLY_PROJECT } from "../test-support/fixture-projects.js";
import { runCliCaptured } from "../test-support/run-cli-captured.js";

const hasAnsi = (text: string) => text.includes("\u001b[");
let careless: string;
let docsOnly: string;
let scratch: string;

beforeAll(async () => {
  careless = await createProject(CARELESS_STDIO_SERVER);
  docsOnly = await createProject(DOCS_ONLY_PROJECT);
  scratch = await mkdtemp(join(tmpdir(), "lastcall-audit-test-"));
});

afterAll(async () => {
  for (const dir of [careless, docsOnly, scratch]) await rm(dir, { recursive: true, force: true });
});

function reportSchemaValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  formats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL("../../report.schema.json", import.meta.url), "utf8")) as object);
}

describe("lastcall audit <dir>", () => {
  it("prints the text report and exits 0", async () => {
    const run = await runCliCaptured(["audit", careless]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Shutdown score: \d+\/100 {2}grade [A-F]/);
    expect(run.stdout).toContain(`Target: ${careless}`);
    expect(run.stdout).toContain("SD003 stdio-eof-not-handled");
    expect(run.stderr).toBe("");
  });

  it("resolves a relative directory against the working directory", async () => {
    const run = await runCliCaptured(["audit", ".", "--format", "json"], { cwd: careless });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).target.path).toBe(careless);
  });

  it("prints JSON that parses and matches report.schema.json", async () => {
    const run = await runCliCaptured(["audit", careless, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toMatchObject({ schemaVersion: 1, scored: true, target: { path: careless } });
    expect(report.rules).toHaveLength(20);
    const validate = reportSchemaValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it("prints SARIF with every rule and Markdown with the score heading", async () => {
    const sarif = await runCliCaptured(["audit", careless, "--format", "sarif"]);
    const log = JSON.parse(sarif.stdout) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: unknown[] } }; results: unknown[] }>;
    };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.tool.driver.rules).toHaveLength(20);
    expect(log.runs[0]?.results.length).toBeGreaterThan(0);
    const markdown = await runCliCaptured(["audit", careless, "--format", "markdown"]);
    expect(markdown.stdout).toMatch(/^## Lastcall shutdown score: \d+\/100 \(grade [A-F]\)\n/);
  });

  it("exits 1 below --fail-under and says so on stderr", async () => {
    const run = await runCliCaptured(["audit", careless, "--fail-under", "100"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lastcall: score \d+ is below --fail-under 100\n$/);
    expect(run.stdout).toContain("Shutdown score:");
  });

  it("exits 0 at or above --fail-under", async () => {
    const json = JSON.parse((await runCliCaptured(["audit", careless, "--format", "json"])).stdout) as Report;
    const run = await runCliCaptured(["audit", careless, "--fail-under", String(json.score)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("does not treat a project that is not scored as below the bar, and says so", async () => {
    const run = await runCliCaptured(["audit", docsOnly, "--fail-under", "90"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Shutdown score: not scored \(/);
    expect(run.stderr).toMatch(/^lastcall: not scored \(.+\); --fail-under 90 does not apply\n$/);
    const json = await runCliCaptured(["audit", docsOnly, "--format", "json"]);
    const validate = reportSchemaValidator();
    expect(validate(JSON.parse(json.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("writes the report to --output instead of stdout", async () => {
    const file = join(scratch, "report.json");
    const run = await runCliCaptured(["audit", careless, "--format", "json", "--output", file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^lastcall: score \\d+/100 \\(grade [A-F]\\); json report written to ${file}\\n$`));
    const report = JSON.parse(await readFile(file, "utf8")) as Report;
    expect(report.target.path).toBe(careless);
  });

  it("writes --output relative to the working directory, without colour", async () => {
    const run = await runCliCaptured(["audit", careless, "--output", "report.txt"], { cwd: scratch, stdoutIsTTY: true });
    expect(run.code).toBe(0);
    const text = await readFile(join(scratch, "report.txt"), "utf8");
    expect(text).toMatch(/^Shutdown score:/);
    expect(hasAnsi(text)).toBe(false);
  });

  it("uses the given --config", async () => {
    const config = join(scratch, "all-off.json");
    await writeFile(config, JSON.stringify({ rules: { SD003: "off" } }));
    const run = await runCliCaptured(["audit", careless, "--format", "json", "--config", config]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.filter((finding) => finding.ruleId === "SD003" && !finding.suppressed)).toEqual([]);
  });

  it("colours the text report only on a terminal, and never with NO_COLOR", async () => {
    expect(hasAnsi((await runCliCaptured(["audit", careless])).stdout)).toBe(false);
    expect(hasAnsi((await runCliCaptured(["audit", careless], { stdoutIsTTY: true })).stdout)).toBe(true);
    const noColor = await runCliCaptured(["audit", careless], { stdoutIsTTY: true, env: { PATH: process.env.PATH, NO_COLOR: "1" } });
    expect(hasAnsi(noColor.stdout)).toBe(false);
  });

  it("shows progress on stderr only when it is a terminal", async () => {
    const tty = await runCliCaptured(["audit", careless], { stderrIsTTY: true });
    expect(tty.stderr).toContain("analyzing: 1/1 files (100%)");
    expect(tty.stderr.endsWith("\r\u001b[2K")).toBe(true);
    expect((await runCliCaptured(["audit", careless])).stderr).toBe("");
  });

  it("stops with the signal's exit code when interrupted", async () => {
    const controller = new AbortController();
    controller.abort("SIGTERM");
    const run = await runCliCaptured(["audit", careless], { signal: controller.signal });
    expect(run.code).toBe(143);
    expect(run.stderr).toBe("lastcall: interrupted by SIGTERM\n");
    expect(run.stdout).toBe("");
  });

  describe("exits 2 with a one-line reason on stderr", () => {
    const cases: Array<[string, () => string[], RegExp, Record<string, string | undefined>?]> = [
      ["a missing directory", () => ["audit", join(scratch, "missing")], /^lastcall: no such directory: .+missing$/],
      ["a file instead of a directory", () => ["audit", join(careless, "package.json")], /^lastcall: not a directory: .+package\.json$/],
      [
        "a URL on another host",
        () => ["audit", "https://gitlab.com/acme/mcp"],
        /^lastcall: cannot audit https:\/\/gitlab\.com\/acme\/mcp: only repositories on github\.com are accepted, not gitlab\.com$/,
      ],
      [
        "a URL with credentials",
        () => ["audit", "https://token@github.com/acme/mcp"],
        /^lastcall: cannot audit .+: credentials in the URL are not accepted$/,
      ],
      [
        "an unknown format",
        () => ["audit", careless, "--format", "xml"],
        /^error: option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, sarif, markdown\.$/,
      ],
      [
        "a non-numeric --fail-under",
        () => ["audit", careless, "--fail-under", "high"],
        /^error: option '--fail-under <score>' argument 'high' is invalid\. expected a number from 0 to 100\.$/,
      ],
      [
        "a --fail-under above 100",
        () => ["audit", careless, "--fail-under", "101"],
        /argument '101' is invalid\. expected a number from 0 to 100\.$/,
      ],
      [
        "a missing config file",
        () => ["audit", careless, "--config", join(scratch, "nope.json")],
        /^lastcall: cannot read config .+nope\.json: /,
      ],
      [
        "a config that is not JSON",
        () => ["audit", careless, "--config", join(scratch, "broken.json")],
        /^lastcall: config .+broken\.json is not valid JSON: /,
      ],
      [
        "a config that breaks the schema",
        () => ["audit", careless, "--config", join(scratch, "wrong.json")],
        /^lastcall: config .+wrong\.json: grace/,
      ],
      [
        "an unwritable --output",
        () => ["audit", careless, "--output", join(scratch, "no", "such", "dir", "r.txt")],
        /^lastcall: cannot write .+r\.txt: ENOENT$/,
      ],
      ["a missing target", () => ["audit"], /^error: missing required argument 'target'$/],
      [
        "an invalid GITHUB_SERVER_URL",
        () => ["audit", careless],
        /^lastcall: invalid environment: GITHUB_SERVER_URL plain http is allowed only on a loopback host$/,
        { GITHUB_SERVER_URL: "http://github.example.com" },
      ],
    ];

    beforeAll(async () => {
      await writeFile(join(scratch, "broken.json"), "{ rules: ");
      await writeFile(join(scratch, "wrong.json"), JSON.stringify({ grace: { docker: "ten" } }));
    });

    it.each(cases)("%s", async (_name, argv, message, env) => {
      const run = await runCliCaptured(argv(), env ? { env: { PATH: process.env.PATH, ...env } } : {});
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.endsWith("\n")).toBe(true);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr.trimEnd()).toMatch(message);
    });
  });
});
