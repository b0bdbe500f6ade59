import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Report } from "@lastcall/analyzer";
import { getScanFindings } from "@lastcall/db";
import type { ImportFile } from "@lastcall/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningWorker } from "../src/start-worker.js";
import { isFinished, type PipelineHarness, startPipelineHarness } from "./support/pipeline-harness.js";

// Repositories built to hurt the service that clones them (DESIGN.md, security posture: repository
// contents are untrusted). Each scan must either complete, with notes saying what was skipped, or
// fail with a clear reason; the worker must live on, read nothing outside the checkout, run nothing
// from the repository, and scan the next repository as usual.

const run = promisify(execFile);

/** A server that shows the trouble it is in, for the analyzer to find: its shutdown handler exits at once. */
const SERVER_SOURCE = `import { createServer } from "node:http";
const server = createServer((_req, res) => res.end("ok"));
server.listen(3000);
process.on("SIGTERM", () => process.exit(0));
`;

let harness: PipelineHarness;
let worker: RunningWorker;
/** Outside every checkout: text planted there that no scan may ever show, and the marker a repository's code would write. */
let outside: string;
let planted: string;
let marker: string;
let evilScript: string;
/** A HOME whose git configuration runs `evilScript` from filters, hooks and submodules: git on this machine, naively used, would. */
let hostileHome: string;
/** Where a submodule points: an "internal" HTTP service that must never be asked. */
let canary: Server;
let canaryRequests: string[];
let canaryUrl: string;
let checkoutDir: string;

beforeAll(async () => {
  harness = await startPipelineHarness();
  outside = await mkdtemp(join(tmpdir(), "lastcall-outside-"));
  planted = `LASTCALL-PLANTED-${randomBytes(8).toString("hex")}`;
  await writeFile(join(outside, "planted.txt"), `${planted}\n`);
  await writeFile(join(outside, "planted.ts"), `export const token = "${planted}";\n`);
  await writeFile(join(outside, "config.json"), `{ "ignore": ["**"], "note": "${planted}" }\n`);
  marker = join(outside, "code-ran");
  evilScript = join(outside, "evil.sh");
  // Leaves the marker behind, then passes its input through as a filter must (as a git transport, it just quits).
  await writeFile(evilScript, `#!/bin/sh\necho "$0 $*" >> '${marker}'\n[ "$1" = transport ] && exit 1\ncat\n`);
  await chmod(evilScript, 0o755);
  await mkdir(join(outside, "hooks"));
  for (const hook of ["post-checkout", "post-merge", "reference-transaction", "fsmonitor-watchman"]) {
    await writeFile(join(outside, "hooks", hook), `#!/bin/sh\n'${evilScript}' hook ${hook} < /dev/null\n`);
    await chmod(join(outside, "hooks", hook), 0o755);
  }

  canaryRequests = [];
  canary = createServer((request, response) => {
    canaryRequests.push(`${request.method} ${request.url}`);
    response.writeHead(404).end();
  });
  canary.listen(0, "127.0.0.1");
  await once(canary, "listening");
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;

  hostileHome = join(outside, "home");
  await mkdir(hostileHome);
  await writeFile(
    join(hostileHome, ".gitconfig"),
    [
      '[filter "evil"]',
      `\tsmudge = '${evilScript}' smudge`,
      `\tclean = '${evilScript}' clean`,
      "\trequired = true",
      '[filter "lfs"]',
      `\tsmudge = '${evilScript}' lfs-smudge`,
      "\trequired = true",
      "[core]",
      `\thooksPath = ${join(outside, "hooks")}`,
      '[protocol "ext"]',
      "\tallow = always",
      '[protocol "file"]',
      "\tallow = always",
      "[submodule]",
      "\trecurse = true",
      "",
    ].join("\n"),
  );
  // Checking out 100,000 files takes seconds on tmpfs and can take a minute on a busy disk; the
  // test is about what the pipeline does with them, not about the disk.
  checkoutDir = await mkdtemp(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "lastcall-hostile-checkouts-"));
  // The worker runs with that HOME: its git must not read the machine's or the user's configuration.
  worker = await harness.startWorker({ HOME: hostileHome, LASTCALL_WORK_DIR: checkoutDir });
});

afterAll(async () => {
  await harness?.close();
  canary?.close();
  if (outside) await rm(outside, { recursive: true, force: true });
  if (checkoutDir) await rm(checkoutDir, { recursive: true, force: true });
});

type Scan = Awaited<ReturnType<PipelineHarness["waitForScan"]>>;

async function scanOf(slug: string, ref?: string): Promise<Scan> {
  const [owner = "", name = ""] = slug.split("/");
  const submitted = await harness.submit({ owner, name, ...(ref === undefined ? {} : { ref }) });
  return harness.waitForScan(submitted.scanId, isFinished, 60_000);
}

function reportOf(scan: Scan): Report {
  expect(scan).toMatchObject({ status: "done", errorCode: null });
  return scan.report as unknown as Report;
}

/** Everything a scan stored and shows: its row, report and findings. */
async function storedText(scan: Scan): Promise<string> {
  return JSON.stringify({ scan, findings: await getScanFindings(harness.db, scan.id) });
}

/**
 * Plain git as a careless service would run it, with the hostile HOME, then `more` git commands in
 * the clone: shows that the repository's traps are armed. Failures are expected and ignored.
 */
async function naiveClone(slug: string, more: string[][] = []): Promise<void> {
  const dir = await mkdtemp(join(outside, "naive-"));
  const env = { PATH: process.env.PATH ?? "", HOME: hostileHome, GIT_TERMINAL_PROMPT: "0" };
  const git = (args: string[], cwd?: string) => run("git", args, { env, cwd, timeout: 20_000 }).catch(() => undefined);
  await git(["clone", "--quiet", `${harness.git.url}/${slug}.git`, join(dir, "repo")]);
  for (const args of more) await git(args, join(dir, "repo"));
  await rm(dir, { recursive: true, force: true });
}

describe("hostile repositories", () => {
  it("symbolic links out of the checkout and in loops: not followed, nothing outside is read", async () => {
    await harness.git.importCommit("hostile/symlinks", {
      files: [
        ["src/index.ts", SERVER_SOURCE],
        ["src/leak.ts", { symlink: join(outside, "planted.ts") }],
        ["src/up.ts", { symlink: `${"../".repeat(12)}${join(outside, "planted.ts").slice(1)}` }],
        ["package.json", { symlink: join(outside, "planted.txt") }],
        ["Dockerfile", { symlink: join(outside, "planted.txt") }],
        [".lastcall.json", { symlink: join(outside, "config.json") }],
        ["etc", { symlink: "/etc" }],
        ["root", { symlink: "/" }],
        ["outside", { symlink: outside }],
        ["loop-a", { symlink: "loop-b" }],
        ["loop-b", { symlink: "loop-a" }],
        ["src/self", { symlink: "." }],
        ["src/parent", { symlink: ".." }],
      ],
    });
    const scan = await scanOf("hostile/symlinks");
    const report = reportOf(scan);
    expect(report.stats.parsed).toBe(1);
    expect(report.stats.skipped).toEqual(
      expect.arrayContaining(
        ["src/leak.ts", "src/up.ts", "package.json", "Dockerfile"].map((file) => ({ file, reason: "symbolic link (not followed)" })),
      ),
    );
    // The linked config (`ignore: ["**"]`) was not applied: the real server was analyzed and judged.
    expect(report.stats.notes).toContain(".lastcall.json is a symbolic link leading outside the project or nowhere; it was not read.");
    expect(report.findings.length).toBeGreaterThan(0);
    expect(await storedText(scan)).not.toContain(planted);
  });

  it("a 50 MiB source file: skipped with a note, the rest analyzed", async () => {
    const line = `// ${"x".repeat(60)}\n`;
    await harness.git.importCommit("hostile/huge-file", {
      files: [
        ["src/index.ts", SERVER_SOURCE],
        ["src/generated.ts", line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))],
      ],
    });
    const report = reportOf(await scanOf("hostile/huge-file"));
    expect(report.stats.skipped).toContainEqual({ file: "src/generated.ts", reason: "larger than 1 MiB" });
    expect(report.stats.parsed).toBe(1);
  });

  it("100,000 files: checked out within the file limit, analysis capped at 20,000 source files with a note", async () => {
    function* files(): Generator<[string, ImportFile]> {
      yield ["src/index.ts", SERVER_SOURCE];
      for (let i = 1; i < 100_000; i += 1) yield [`src/gen/d${i % 250}/m${i}.ts`, "export const v = 1;\n"];
    }
    await harness.git.importCommit("hostile/many-files", { files: files() });
    const scan = await scanOf("hostile/many-files");
    const report = reportOf(scan);
    expect(report.stats.notes).toContain("Stopped at 20000 source files; the rest of the tree was not analyzed.");
    expect(report.stats.parsed).toBe(20_000);
  });

  it("an expression nested 10,000 deep: that file is reported, the rest analyzed", async () => {
    await harness.git.importCommit("hostile/deep", {
      files: [
        ["src/index.ts", SERVER_SOURCE],
        ["src/arrays.ts", `export const deep = ${"[".repeat(10_000)}${"]".repeat(10_000)};\n`],
        ["src/calls.ts", `export const calls = ${"f(".repeat(10_000)}0${")".repeat(10_000)};\n`],
        ["src/arrows.ts", `export const arrows = ${"() => ".repeat(10_000)}0;\n`],
      ],
    });
    const report = reportOf(await scanOf("hostile/deep"));
    const troubled = new Set([
      ...report.stats.parseErrors.map((error) => error.file),
      ...report.stats.notes.map((note) => note.split(":")[0]),
    ]);
    for (const file of ["src/arrays.ts", "src/calls.ts", "src/arrows.ts"]) expect(troubled).toContain(file);
    expect(report.findings.some((finding) => finding.file === "src/index.ts")).toBe(true);
  });

  it("names and contents that are not UTF-8: analyzed with notes, stored without error", async () => {
    const latin1 = (text: string) => Buffer.from(text, "latin1");
    await harness.git.importCommit("hostile/encodings", {
      files: [
        ["src/index.ts", SERVER_SOURCE],
        ["src/latin1.ts", latin1('export const dessert = "cr\u00e8me br\u00fbl\u00e9e";\n')],
        [latin1("src/caf\u00e9.ts"), 'export const name = "a Latin-1 file name";\n'],
        [Buffer.from([0x73, 0x72, 0x63, 0x2f, 0xff, 0xfe, 0x2e, 0x74, 0x73]), Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00])],
        ["src/utf16.ts", Buffer.from('\ufeffexport const a = "utf-16";\n', "utf16le")],
        ["src/new\nline.ts", 'export const name = "a newline in a file name";\n'],
        // A NUL past the binary sniff, on a line the analyzer quotes: PostgreSQL stores no NUL in text.
        ["src/late-nul.ts", `${"// padding\n".repeat(1_000)}${SERVER_SOURCE.replace("process.exit(0));", "process.exit(0)); // \u0000")}`],
        ["src/\u202etxt.ts", 'export const trojan = "right-to-left override in a name";\n'],
      ],
    });
    const scan = await scanOf("hostile/encodings");
    const report = reportOf(scan);
    expect(report.stats.notes).toContain("src/latin1.ts: not valid UTF-8; invalid bytes were replaced.");
    expect(report.stats.skipped).toEqual(
      expect.arrayContaining([
        { file: "src/caf\uFFFD.ts", reason: "file name is not valid UTF-8" },
        { file: "src/\uFFFD\uFFFD.ts", reason: "file name is not valid UTF-8" },
        { file: "src/utf16.ts", reason: "binary content" },
      ]),
    );
    // index, latin1, the newline and right-to-left names, late-nul: one odd name hides none of its neighbours.
    expect(report.stats.parsed).toBe(5);
    const excerpts = (await getScanFindings(harness.db, scan.id)).filter((finding) => finding.file === "src/late-nul.ts");
    expect(excerpts.map((finding) => finding.excerpt)).toContain('process.on("SIGTERM", () => process.exit(0)); // \uFFFD');
  });

  it(".gitattributes filters and LFS pointers: no filter runs, pointers are read as the text they are", async () => {
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${"ab".repeat(32)}\nsize 123456789\n`;
    await harness.git.importCommit("hostile/filters", {
      files: [
        [".gitattributes", "*.ts filter=evil\n*.bin filter=lfs diff=lfs merge=lfs -text\n* ident\n"],
        ["src/index.ts", SERVER_SOURCE],
        ["model.bin", pointer],
        ["src/weights.ts", pointer],
      ],
    });
    // Armed: git with this machine's (hostile) configuration runs the repository's filters and hooks.
    await naiveClone("hostile/filters");
    expect(existsSync(marker)).toBe(true);
    await rm(marker);

    const report = reportOf(await scanOf("hostile/filters"));
    expect(report.findings.some((finding) => finding.file === "src/index.ts")).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it("submodules pointing at internal URLs: never fetched, nothing asked of those hosts", async () => {
    const submodules = {
      internal: `${canaryUrl}/internal/service.git`,
      metadata: "http://169.254.169.254/latest/meta-data/",
      local: `file://${outside}`,
      command: `ext::${evilScript} transport`,
    };
    const gitmodules = Object.entries(submodules)
      .map(([name, url]) => `[submodule "${name}"]\n\tpath = vendor/${name}\n\turl = ${url}\n`)
      .join("");
    await harness.git.importCommit("hostile/submodules", {
      files: [
        ["src/index.ts", SERVER_SOURCE],
        [".gitmodules", gitmodules],
        ...Object.keys(submodules).map((name): [string, ImportFile] => [`vendor/${name}`, { gitlink: "1".repeat(40) }]),
      ],
    });
    // Armed: updating the submodules asks the internal service and runs the ext:: command (each
    // asked for alone: git gives up on the others after the first failure; the metadata address is
    // left out, as connecting to it only times out here).
    await naiveClone(
      "hostile/submodules",
      ["internal", "command"].map((name) => ["submodule", "update", "--init", `vendor/${name}`]),
    );
    expect(canaryRequests.length).toBeGreaterThan(0);
    expect(existsSync(marker)).toBe(true);
    await rm(marker);
    canaryRequests.length = 0;

    const report = reportOf(await scanOf("hostile/submodules"));
    expect(report.stats.parsed).toBe(1);
    expect(canaryRequests).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });

  it("a default branch and a ref named like git options: resolved by sha or refused, never passed as options", async () => {
    const upload = `--upload-pack=${evilScript}`;
    await harness.git.importCommit("hostile/option-refs", {
      files: [["src/index.ts", SERVER_SOURCE]],
      branch: upload,
      defaultBranch: true,
    });
    await harness.git.importCommit("hostile/option-refs", { files: [["src/other.ts", "export {};\n"]], branch: `--exec=${evilScript}` });

    const byDefault = await scanOf("hostile/option-refs");
    expect(reportOf(byDefault).findings.length).toBeGreaterThan(0);
    expect(byDefault.isDefaultBranch).toBe(true);

    const byRef = await scanOf("hostile/option-refs", `--exec=${evilScript}`);
    expect(byRef).toMatchObject({ status: "failed", errorCode: "ref_not_found" });
    expect(byRef.errorMessage).toBe(`the ref must not start with "-": --exec=${evilScript}`);
    expect(existsSync(marker)).toBe(false);
  });

  it("a tree with paths git refuses to check out (.git/hooks, ..): fails at once with a clear reason", async () => {
    await harness.git.importCommit("hostile/git-dir", {
      files: [
        ["src/index.ts", SERVER_SOURCE],
        [".git/hooks/post-checkout", { executable: `#!/bin/sh\n'${evilScript}' tracked-hook\n` }],
      ],
    });
    const scan = await scanOf("hostile/git-dir");
    expect(scan).toMatchObject({ status: "failed", errorCode: "checkout_failed" });
    expect(scan.errorMessage).toMatch(/invalid path '\.git\/hooks\/post-checkout'/);
    const job = await harness.settledJobOf(scan.id, "failed");
    expect(job.attemptsMade).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });

  it("afterwards: the worker lives, left no checkout behind, and scans the next repository as usual", async () => {
    expect(worker.worker.isRunning()).toBe(true);
    await harness.git.commit("acme/ordinary", { files: { "src/index.ts": SERVER_SOURCE } });
    const report = reportOf(await scanOf("acme/ordinary"));
    expect(report.findings.length).toBeGreaterThan(0);
    const [own] = await readdir(checkoutDir);
    expect(await readdir(join(checkoutDir, own ?? ""))).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    const scans = await harness.db.scan.findMany();
    expect(JSON.stringify(scans)).not.toContain(planted);
  });
});
