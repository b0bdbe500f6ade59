import { describe, expect, it } from "vitest";
import { runCliCaptured } from "../test-support/run-cli-captured.js";
import { ANALYZER_VERSION, RULESET_VERSION } from "../version.js";
import { exitCodeForSignal } from "./run-cli.js";

describe("runCli", () => {
  it("prints the version with the rule-set version", async () => {
    const run = await runCliCaptured(["--version"]);
    expect(run).toEqual({ code: 0, stdout: `${ANALYZER_VERSION} (rule set ${RULESET_VERSION})\n`, stderr: "" });
  });

  it("prints help on stdout with exit 0", async () => {
    const run = await runCliCaptured(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: lastcall \[options\] \[command\]/);
    expect(run.stdout).toMatch(/\n {2}audit \[options\] <target>/);
    expect(run.stdout).toMatch(/\n {2}rules /);
    expect(run.stdout).toMatch(/\n {2}explain <rule>/);
    const audit = await runCliCaptured(["audit", "--help"]);
    expect(audit.stdout.replace(/\s+/g, " ")).toContain(
      '--format <format> report format (choices: "text", "json", "sarif", "markdown", default: "text")',
    );
  });

  it("exits 2 on an unknown command or option", async () => {
    const unknownCommand = await runCliCaptured(["scan", "."]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toBe("error: unknown command 'scan'\n");
    const unknownOption = await runCliCaptured(["rules", "--json"]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toBe("error: unknown option '--json'\n");
  });

  it("exits 2 without a command", async () => {
    const run = await runCliCaptured([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: lastcall");
  });

  it("checks the environment before anything else, naming the variable", async () => {
    const run = await runCliCaptured(["rules"], { env: { GITHUB_SERVER_URL: "ftp://github.com" } });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "lastcall: invalid environment: GITHUB_SERVER_URL must be an http(s) URL such as https://github.com\n",
    });
  });
});

describe("exitCodeForSignal", () => {
  it("follows the shell's 128 + signal number convention", () => {
    expect(exitCodeForSignal("SIGINT")).toBe(130);
    expect(exitCodeForSignal("SIGTERM")).toBe(143);
    expect(exitCodeForSignal("SIGHUP")).toBe(129);
    expect(exitCodeForSignal(new Error("not a signal"))).toBe(130);
  });
});
