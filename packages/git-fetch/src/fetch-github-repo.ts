import { mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { checkTreeSize } from "./check-tree-size.js";
import { fetchCommit } from "./fetch-commit.js";
import { FetchError } from "./fetch-error.js";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES, DEFAULT_TIMEOUT_MS } from "./fetch-limits.js";
import { createGitRunner, type RunGit } from "./git-runner.js";
import { repositoryUrlOf } from "./github-clone-url.js";
import type { GithubRepo } from "./parse-github-url.js";
import { FULL_SHA } from "./ref-name.js";
import { resolveRefWith } from "./resolve-ref.js";
import { singleLine } from "./single-line.js";

/** What to fetch: a `GithubRepo` from `parseGithubUrl`, or the same fields built with `githubCloneUrl`. */
export type FetchTarget = Pick<GithubRepo, "cloneUrl" | "ref" | "subdir">;

export interface FetchGithubRepoOptions {
  /** The configured GitHub server; plain http is allowed only when it is a loopback host. */
  server: URL;
  /** A fresh directory is created here for the clone and always removed afterwards. */
  tempRoot: string;
  /** The variables git may inherit (PATH, proxies, CA bundles); nothing else reaches it. */
  gitEnv: Record<string, string>;
  /** For the whole fetch: resolving the ref, the transfer, the size checks and the checkout. Default 120 s. */
  timeoutMs?: number;
  /** Aborting kills git, removes the clone and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Fetches exactly this commit (a full sha, such as `resolveRef` returns); the target's `ref` is then not used. */
  commit?: string;
  /** Default 200 MiB, for the objects transferred and, separately, for the files checked out. */
  maxBytes?: number;
  /** Default 100,000 files checked out. */
  maxFiles?: number /** A GitHub App installation token, for a private repository. Never logged, never on a command line. */;
  accessToken?: string;
}

export interface Checkout {
  /** The directory to analyze: the clone, or the requested subdirectory of it. */
  dir: string;
  /** The commit checked out. */
  commit: string;
}

/** The subdirectory, resolved through symlinks, which must stay inside the clone. */
async function resolveSubdir(checkout: string, subdir: string | undefined): Promise<string> {
  if (subdir === undefined) return checkout;
  const root = await realpath(checkout);
  const resolved = await realpath(join(checkout, ...subdir.split("/"))).catch(() => undefined);
  const missing = (reason: string) => new FetchError("subdir_not_found", singleLine(reason));
  if (resolved === undefined) throw missing(`the repository has no directory ${subdir}`);
  if (!resolved.startsWith(root + sep)) throw missing(`${subdir} leads outside the repository`);
  if (!(await stat(resolved)).isDirectory()) throw missing(`${subdir} is not a directory in the repository`);
  return resolved;
}

/** The machine's trouble, not the commit's: a checkout failing for these reasons may succeed later or elsewhere. */
const MACHINE_TROUBLE = /No space left on device|Disk quota exceeded|Input\/output error|Too many open files|Cannot allocate memory/i;

/**
 * A commit whose files git refuses to write (`invalid path '.git/hooks/x'`, a name too long for the
 * file system) fails the same way on every try: permanent, unlike the transient `fetch_failed` that
 * git's exit status alone would make it.
 */
function checkoutFailure(error: unknown): unknown {
  if (!(error instanceof FetchError) || error.code !== "fetch_failed") return error;
  if (MACHINE_TROUBLE.test(String((error.cause as { stderr?: unknown } | undefined)?.stderr ?? error.message))) return error;
  return new FetchError(
    "checkout_failed",
    error.message.replace(/^git checkout of (\S+) failed: /, "the commit cannot be checked out of $1: "),
    {
      cause: error,
    },
  );
}

/** The commit to fetch: the one asked for, the target's sha, or what the server says its ref names. */
async function commitToFetch(git: RunGit, target: FetchTarget, commit: string | undefined, repositoryUrl: string): Promise<string> {
  if (commit !== undefined) {
    if (!FULL_SHA.test(commit)) throw new FetchError("ref_not_found", `not a full commit sha: ${singleLine(commit)}`);
    return commit.toLowerCase();
  }
  if (target.ref !== undefined && FULL_SHA.test(target.ref)) return target.ref.toLowerCase();
  return (await resolveRefWith(git, target.cloneUrl, target.ref, repositoryUrl)).commit;
}

/**
 * Fetches one commit of `target` into a fresh temporary directory, runs `use` on the checkout and
 * removes the directory afterwards, whether `use` succeeds, throws or is interrupted. The checkout
 * exists only while `use` runs. Failures are `FetchError`s, except an abort, which rejects with
 * the signal's reason.
 *
 * Whatever the ref, one commit is fetched by its sha (a branch or tag is resolved first), shallow,
 * and checked out only after its files were counted and measured; nothing from the repository runs.
 */
export async function fetchGithubRepo<T>(
  target: FetchTarget,
  options: FetchGithubRepoOptions,
  use: (checkout: Checkout) => Promise<T>,
): Promise<T> {
  const repositoryUrl = repositoryUrlOf(target.cloneUrl, options.server);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const git = createGitRunner({ ...options, repositoryUrl, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const root = await mkdtemp(join(options.tempRoot, "lastcall-"));
  const checkout = join(root, "repo");
  try {
    const wanted = await commitToFetch(git, target, options.commit, repositoryUrl);
    await git(["init", "--quiet", "--", checkout], { step: "git init" });
    const commit = await fetchCommit(git, { checkout, cloneUrl: target.cloneUrl, commit: wanted, maxBytes, repositoryUrl });
    await checkTreeSize(git, { checkout, commit, maxBytes, maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES, repositoryUrl });
    await git(["-C", checkout, "checkout", "--quiet", "--detach", commit], { step: "git checkout" }).catch((error: unknown) => {
      throw checkoutFailure(error);
    });
    const dir = await resolveSubdir(checkout, target.subdir);
    return await use({ dir, commit });
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}
