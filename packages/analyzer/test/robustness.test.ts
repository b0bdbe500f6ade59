import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyze } from "../src/analyze.js";
import { MAX_FILE_BYTES, MAX_SOURCE_FILES } from "../src/files/collect-files.js";

const SERVER = [
  'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
  'import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";',
  'const server = new McpServer({ name: "s", version: "1.0.0" });',
  "await server.connect(new StdioServerTransport());",
  "",
].join("\n");

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "lastcall-robust-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), content);
}

describe("hostile and odd trees", () => {
  it("reports a syntax error per file and still analyzes the rest", async () => {
    await write("src/index.ts", SERVER);
    await write("src/broken.ts", "export function (\n  const = ;\n");
    const report = await analyze(dir);
    expect(report.scored).toBe(true);
    expect(report.stats.parsed).toBe(2);
    expect(report.stats.parseErrors.map((error) => error.file)).toContain("src/broken.ts");
    expect(report.entryPoints.map((entry) => entry.file)).toEqual(["src/index.ts"]);
  });

  it("skips binary files, decodes non-UTF-8 text with a note", async () => {
    await write("src/index.ts", SERVER);
    await write("src/blob.js", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    await write("src/latin1.js", Buffer.from("const caf\xe9 = 'cr\xe8me';\n", "latin1"));
    const report = await analyze(dir);
    expect(report.stats.skipped).toContainEqual({ file: "src/blob.js", reason: "binary content" });
    expect(report.stats.parsed).toBe(2);
    expect(report.stats.notes.some((note) => note.startsWith("src/latin1.js"))).toBe(true);
  });

  it("skips a file whose name is not valid UTF-8 with a reason, and still analyzes the files beside it", async () => {
    await write("src/index.ts", SERVER);
    await writeFile(Buffer.concat([Buffer.from(`${dir}/src/caf`), Buffer.from([0xe9]), Buffer.from(".ts")]), SERVER);
    const report = await analyze(dir);
    expect(report.stats.parsed).toBe(1);
    expect(report.entryPoints.map((entry) => entry.file)).toEqual(["src/index.ts"]);
    expect(report.stats.skipped).toEqual([{ file: "src/caf\uFFFD.ts", reason: "file name is not valid UTF-8" }]);
  });

  it("skips and lists files over the size cap", async () => {
    await write("src/index.ts", SERVER);
    await write("src/huge.ts", `export const data = "${"x".repeat(MAX_FILE_BYTES)}";\n`);
    const report = await analyze(dir);
    expect(report.stats.skipped).toContainEqual({ file: "src/huge.ts", reason: "larger than 1 MiB" });
    expect(report.stats.parsed).toBe(1);
  });

  it("never follows symbolic links, inside or outside the tree, and survives loops", async () => {
    await write("src/index.ts", SERVER);
    const outside = await mkdtemp(path.join(tmpdir(), "lastcall-outside-"));
    try {
      await writeFile(path.join(outside, "secret.ts"), SERVER);
      await symlink(path.join(outside, "secret.ts"), path.join(dir, "src/escape.ts"));
      await symlink(path.join(dir, "src/index.ts"), path.join(dir, "src/alias.ts"));
      await symlink(dir, path.join(dir, "src/loop"));
      const report = await analyze(dir);
      expect(report.stats.parsed).toBe(1);
      expect(report.stats.skipped).toEqual(
        expect.arrayContaining([
          { file: "src/escape.ts", reason: "symbolic link (not followed)" },
          { file: "src/alias.ts", reason: "symbolic link (not followed)" },
        ]),
      );
      // Had the link been followed, the outside server would be a second entry point.
      expect(report.entryPoints.map((entry) => entry.file)).toEqual(["src/index.ts"]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("skips dependencies, build output, vendored code and declaration files", async () => {
    await write("src/index.ts", SERVER);
    for (const file of [
      "node_modules/pkg/index.js",
      "dist/index.js",
      "build/out.js",
      "vendor/lib.js",
      "src/types.d.ts",
      "packages/a/node_modules/b/c.ts",
    ]) {
      await write(file, 'process.on("SIGTERM", () => process.exit(0));\n');
    }
    const report = await analyze(dir);
    expect(report.stats.parsed).toBe(1);
  });

  it(`caps the tree at ${MAX_SOURCE_FILES} source files with a note`, async () => {
    await write("src/index.ts", SERVER);
    const many = path.join(dir, "gen");
    await mkdir(many);
    for (let start = 0; start < MAX_SOURCE_FILES + 5; start += 500) {
      const indexes = Array.from({ length: Math.min(500, MAX_SOURCE_FILES + 5 - start) }, (_, offset) => start + offset);
      await Promise.all(indexes.map((index) => writeFile(path.join(many, `f${index}.js`), `export const v${index} = ${index};\n`)));
    }
    const report = await analyze(dir);
    expect(report.stats.parsed).toBe(MAX_SOURCE_FILES);
    expect(report.stats.notes.some((note) => note.includes(`${MAX_SOURCE_FILES} source files`))).toBe(true);
  }, 120_000);

  it("survives an expression nested 10,000 deep", async () => {
    await write("src/index.ts", SERVER);
    await write(
      "src/deep.ts",
      `export const deep = ${"[".repeat(10_000)}1${"]".repeat(10_000)};\nexport const calls = ${"f(".repeat(10_000)}0${")".repeat(10_000)};\n`,
    );
    const report = await analyze(dir);
    expect(report.scored).toBe(true);
    const deepNoted =
      report.stats.notes.some((note) => note.startsWith("src/deep.ts")) ||
      report.stats.parseErrors.some((error) => error.file === "src/deep.ts");
    expect(deepNoted).toBe(true);
    expect(report.entryPoints.map((entry) => entry.file)).toEqual(["src/index.ts"]);
  });

  it("stops between files when its signal aborts, so a CLI can honour SIGTERM mid-scan", async () => {
    await write("src/index.ts", SERVER);
    await Promise.all(Array.from({ length: 300 }, (_, index) => write(`src/gen/f${index}.ts`, `export const v${index} = ${index};\n`)));
    const controller = new AbortController();
    let progressAtAbort = 0;
    const scan = analyze(dir, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 10) {
          progressAtAbort = done;
          controller.abort(new Error("SIGTERM"));
        }
      },
    });
    await expect(scan).rejects.toThrow("SIGTERM");
    expect(progressAtAbort).toBe(10);
  });

  it("does not score an empty directory, nor one without JavaScript or TypeScript", async () => {
    const empty = await analyze(dir);
    expect(empty).toMatchObject({ scored: false, score: null, grade: null, notScoredReason: "no JavaScript or TypeScript sources found" });
    await write("README.md", "# nothing here\n");
    await write("main.py", "print('hi')\n");
    const noSources = await analyze(dir);
    expect(noSources.scored).toBe(false);
    expect(noSources.score).toBeNull();
    expect(noSources.rules).toHaveLength(20);
  });
});
