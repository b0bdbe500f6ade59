import { mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { type ExecaError, execa } from "execa";
import { singleLine } from "../format/sanitize.js";
import { InputError } from "./input-error.js";
import type { GithubRepo } from "./parse-github-url.js";

export interface FetchGithubRepoOptions {
  /** The configured GitHub server; plain http is allowed only because it was validated as loopback. */
  server: URL;
  /** A fresh directory is created here for the clone and always removed afterwards. */
  tempRoot: string;
  /** The variables git may inherit (PATH, proxies, CA bundles); see `parseCliEnv`. */
  gitEnv: Record<string, string>;
  /** For the whole fetch: clone, checkout and rev-parse. */
  timeoutMs?: number;
  /** Aborting kills git, removes the clone and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface Checkout {
  /** The directory to analyze: the clone, or the requested subdirectory of it. */
  dir: string;
  /** The commit checked out (`git rev-parse HEAD`). */
  commit: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * Settings for every git command: the repository is untrusted, so nothing it contains may run
 * (hooks, LFS filters, submodules), only https (or the loopback http test server) may be spoken,
 * and no prompt may wait for a password that will never come.
 */
function gitConfig(server: URL): string[] {
  const settings = [
    "core.hooksPath=/dev/null",
    "protocol.allow=never",
    "protocol.https.allow=always",
    ...(server.protocol === "http:" ? ["protocol.http.allow=always"] : []),
    "filter.lfs.smudge=",
    "filter.lfs.process=",
    "filter.lfs.required=false",
    "submodule.recurse=false",
    "credential.helper=",
  ];
  return settings.flatMap((setting) => ["-c", setting]);
}

function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return singleLine(lines.at(-1) ?? "").slice(0, 300);
}

/** The subdirectory, resolved through symlinks, which must stay inside the clone. */
async function resolveSubdir(checkout: string, subdir: string | undefined): Promise<string> {
  if (subdir === undefined) return checkout;
  const root = await realpath(checkout);
  const resolved = await realpath(join(checkout, ...subdir.split("/"))).catch(() => undefined);
  if (resolved === undefined) throw new InputError(`the repository has no directory ${subdir}`);
  if (!resolved.startsWith(root + sep)) throw new InputError(`${subdir} leads outside the repository`);
  if (!(await stat(resolved)).isDirectory()) throw new InputError(`${subdir} is not a directory in the repository`);
  return resolved;
}

/**
 * Shallow-clones `repo` at its ref into a fresh temporary directory, runs `use` on the checkout and
 * removes the directory afterwards, whether `use` succeeds, throws or is interrupted. The checkout
 * exists only while `use` runs.
 */
export async function fetchGithubRepo<T>(
  repo: GithubRepo,
  options: FetchGithubRepoOptions,
  use: (checkout: Checkout) => Promise<T>,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const cancel = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const root = await mkdtemp(join(options.tempRoot, "lastcall-"));
  const checkout = join(root, "repo");

  const git = async (args: string[], what: string): Promise<string> => {
    const failed = (reason: string) => new InputError(`${what} of ${repo.webUrl} ${reason}`);
    const interrupted = () => (options.signal?.aborted ? options.signal.reason : failed(`timed out after ${timeoutMs / 1000} s`));
    if (cancel.aborted) throw interrupted();
    // Its own process group: git clone leaves the transfer to a git-remote-http child that keeps
    // stderr open, so stopping git alone would leave the transfer running and this call waiting.
    const subprocess = execa("git", [...gitConfig(options.server), ...args], {
      env: {
        ...options.gitEnv,
        GIT_TERMINAL_PROMPT: "0",
        GIT_LFS_SKIP_SMUDGE: "1",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        LC_ALL: "C",
      },
      extendEnv: false,
      stdin: "ignore",
      detached: true,
    });
    const killGroup = () => {
      try {
        if (subprocess.pid !== undefined) process.kill(-subprocess.pid, "SIGKILL");
      } catch {
        // ESRCH: the whole group exited between the abort and this call; nothing left to stop.
      }
    };
    cancel.addEventListener("abort", killGroup, { once: true });
    try {
      return (await subprocess).stdout;
    } catch (error) {
      if (cancel.aborted) throw interrupted();
      const failure = error as ExecaError;
      if (failure.code === "ENOENT") throw new InputError("git is not installed or not on PATH");
      throw failed(`failed: ${lastLine(String(failure.stderr ?? "")) || failure.shortMessage}`);
    } finally {
      cancel.removeEventListener("abort", killGroup);
    }
  };

  try {
    if (repo.ref !== undefined && FULL_SHA.test(repo.ref)) {
      // A commit is not a branch: `clone --branch` cannot take it, but a protocol-v2 fetch can.
      await git(["init", "--quiet", "--", checkout], "git init");
      await git(
        ["-C", checkout, "fetch", "--quiet", "--depth=1", "--no-tags", "--no-recurse-submodules", "--", repo.cloneUrl, repo.ref],
        "git fetch",
      );
      await git(["-C", checkout, "checkout", "--quiet", "--detach", "FETCH_HEAD"], "git checkout");
    } else {
      const branch = repo.ref === undefined ? [] : [`--branch=${repo.ref}`];
      await git(
        [
          "clone",
          "--quiet",
          "--depth=1",
          "--single-branch",
          "--no-tags",
          "--no-recurse-submodules",
          ...branch,
          "--",
          repo.cloneUrl,
          checkout,
        ],
        "git clone",
      );
    }
    const commit = (await git(["-C", checkout, "rev-parse", "HEAD"], "git rev-parse")).trim();
    const dir = await resolveSubdir(checkout, repo.subdir);
    return await use({ dir, commit });
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}
