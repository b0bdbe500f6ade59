import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import type { RepoFile } from "./git-http-server.js";

const run = promisify(execFile);

/** A file as `importCommit` writes it: a `RepoFile`, an executable, or a submodule's commit (a gitlink). */
export type ImportFile = RepoFile | { executable: string | Uint8Array } | { gitlink: string };

export interface ImportCommitSpec {
  /**
   * Paths and files, added to or replacing those of the branch's tip; a path may be bytes, for names
   * that are not UTF-8. An iterable, so that 100,000 files need not be held at once.
   */
  files: Iterable<[path: string | Uint8Array, file: ImportFile]>;
  /** Default `main`. Any name git stores, even one no porcelain command would take (`--upload-pack=…`). */
  branch?: string;
  /** Makes `branch` the repository's default branch (HEAD). */
  defaultBranch?: boolean;
  message?: string;
}

const GIT_ENV = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

async function git(bare: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", ["--git-dir", bare, ...args], { env: GIT_ENV });
  return stdout.trim();
}

/**
 * A path as fast-import reads it: C-style quoted, with every byte outside printable ASCII as an
 * octal escape, so that newlines, quotes and invalid UTF-8 pass through unchanged.
 */
function quotePath(path: string | Uint8Array): string {
  let quoted = '"';
  for (const byte of typeof path === "string" ? Buffer.from(path) : path) {
    if (byte === 0x22 || byte === 0x5c) quoted += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte >= 0x7f) quoted += `\\${byte.toString(8).padStart(3, "0")}`;
    else quoted += String.fromCharCode(byte);
  }
  return `${quoted}"`;
}

function data(content: string | Uint8Array): Buffer[] {
  const bytes = typeof content === "string" ? Buffer.from(content) : Buffer.from(content);
  return [Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from("\n")];
}

function modify(path: string | Uint8Array, file: ImportFile): Buffer[] {
  const target = quotePath(path);
  if (typeof file === "string" || file instanceof Uint8Array) return [Buffer.from(`M 100644 inline ${target}\n`), ...data(file)];
  if ("symlink" in file) return [Buffer.from(`M 120000 inline ${target}\n`), ...data(file.symlink)];
  if ("executable" in file) return [Buffer.from(`M 100755 inline ${target}\n`), ...data(file.executable)];
  return [Buffer.from(`M 160000 ${file.gitlink} ${target}\n`)];
}

/**
 * Commits `spec.files` onto a branch of the bare repository `bare` with `git fast-import`: one process
 * and one pack however many files, where a work tree and `git add` would take minutes for 100,000.
 * It also writes what a work tree cannot hold: gitlinks without a submodule, names that are not
 * UTF-8, branches named like options. Returns the new commit's sha.
 */
export async function importCommit(bare: string, spec: ImportCommitSpec): Promise<string> {
  const ref = `refs/heads/${spec.branch ?? "main"}`;
  const parent = await git(bare, ["rev-parse", "--verify", "--quiet", ref]).catch(() => undefined);
  const importer = spawn("git", ["--git-dir", bare, "fast-import", "--quiet"], { env: GIT_ENV, stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  importer.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(importer, "close");

  const message = spec.message ?? "imported test commit";
  const head = [
    Buffer.from(`commit ${ref}\ncommitter Lastcall Tests <tests@lastcall.invalid> ${Math.floor(Date.now() / 1000)} +0000\n`),
    ...data(message),
    Buffer.from(parent ? `from ${parent}\n` : ""),
  ];
  let pending: Buffer[] = head;
  let pendingBytes = 0;
  const flush = async () => {
    if (!importer.stdin.write(Buffer.concat(pending))) await once(importer.stdin, "drain");
    pending = [];
    pendingBytes = 0;
  };
  for (const [path, file] of spec.files) {
    const chunks = modify(path, file);
    pending.push(...chunks);
    pendingBytes += chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    if (pendingBytes > 1024 * 1024) await flush();
  }
  pending.push(Buffer.from("\n"));
  await flush();
  importer.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (${code}): ${stderr.trim()}`);
  if (spec.defaultBranch) await git(bare, ["symbolic-ref", "HEAD", ref]);
  return git(bare, ["rev-parse", ref]);
}
