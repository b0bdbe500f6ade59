import { FetchError } from "./fetch-error.js";
import { DEFAULT_TIMEOUT_MS } from "./fetch-limits.js";
import { createGitRunner, type RunGit } from "./git-runner.js";
import { repositoryUrlOf } from "./github-clone-url.js";
import { FULL_SHA, refNameProblem } from "./ref-name.js";
import { singleLine } from "./single-line.js";

export interface ResolveRefOptions {
  /** The configured GitHub server; the clone URL must be on it. */
  server: URL;
  /** The variables git may inherit (PATH, proxies, CA bundles). */
  gitEnv: Record<string, string>;
  timeoutMs?: number;
  /** Aborting kills git and rejects with the signal's reason. */
  signal?: AbortSignal /** A GitHub App installation token, for a private repository. Never logged, never on a command line. */;
  accessToken?: string;
}

export interface ResolvedRef {
  /** The commit the ref points at; for an annotated tag, the commit it tags. Lower case. */
  commit: string;
  /** `refs/heads/main`, `refs/tags/v1`, or the commit itself when a sha was asked for. */
  refName: string;
  /** The default branch's short name (`main`), when the server names one. */
  defaultBranch: string | undefined;
  /** Whether `refName` is the default branch; false for a sha, even one at the branch's tip. */
  isDefaultBranch: boolean;
}

interface RemoteRefs {
  /** Ref name to object id, including peeled tags as `refs/tags/<name>^{}`. */
  ids: Map<string, string>;
  /** Symbolic ref name to its target: `HEAD` → `refs/heads/main`. */
  targets: Map<string, string>;
}

/** `git ls-remote --symref` output; lines that are not a ref with a full sha (whatever a server sends) are ignored. */
function parseLsRemote(stdout: string): RemoteRefs {
  const refs: RemoteRefs = { ids: new Map(), targets: new Map() };
  for (const line of stdout.split("\n")) {
    const [left = "", name = ""] = line.split("\t");
    if (left.startsWith("ref: ")) refs.targets.set(name, left.slice("ref: ".length));
    else if (FULL_SHA.test(left)) refs.ids.set(name, left.toLowerCase());
  }
  return refs;
}

/**
 * The refs a short name may mean, in the order `git clone --branch` tries them (a branch before a
 * tag of the same name); a full name (`refs/heads/x`, as webhooks send) means only itself.
 */
function candidateRefNames(ref: string): string[] {
  return ref.startsWith("refs/") ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
}

/** `resolveRef` with the runner of a fetch already under way, so that both share its time limit. */
export async function resolveRefWith(git: RunGit, cloneUrl: string, ref: string | undefined, repositoryUrl: string): Promise<ResolvedRef> {
  const problem = ref === undefined || FULL_SHA.test(ref) ? undefined : refNameProblem(ref);
  if (problem) throw new FetchError("ref_not_found", singleLine(problem));
  const sha = ref !== undefined && FULL_SHA.test(ref) ? ref.toLowerCase() : undefined;
  const wanted = ref === undefined || sha ? [] : candidateRefNames(ref).flatMap((name) => [name, `${name}^{}`]);
  // GIT_DIR names no repository, so that the configuration of one around the working directory (a
  // `url.*.insteadOf`, say) cannot redirect ls-remote; `--` ends the options before the URL.
  const stdout = await git(["ls-remote", "--symref", "--", cloneUrl, "HEAD", ...wanted], {
    step: "git ls-remote",
    env: { GIT_DIR: "/dev/null" },
  });
  const refs = parseLsRemote(stdout);
  const head = refs.targets.get("HEAD");
  const defaultBranch = head?.startsWith("refs/heads/") ? head.slice("refs/heads/".length) : undefined;
  const resolved = (refName: string, commit: string): ResolvedRef => ({
    commit,
    refName,
    defaultBranch,
    isDefaultBranch: defaultBranch !== undefined && refName === `refs/heads/${defaultBranch}`,
  });

  if (sha) return resolved(sha, sha);
  if (ref === undefined) {
    const commit = refs.ids.get("HEAD");
    if (commit === undefined) throw new FetchError("ref_not_found", `the repository ${repositoryUrl} has no default branch (is it empty?)`);
    return resolved(head ?? "HEAD", commit);
  }
  for (const name of candidateRefNames(ref)) {
    const commit = refs.ids.get(`${name}^{}`) ?? refs.ids.get(name);
    if (commit !== undefined) return resolved(name, commit);
  }
  throw new FetchError("ref_not_found", `the ref ${singleLine(ref)} does not exist in ${repositoryUrl}`);
}

/**
 * Which commit `ref` (a branch, a tag, `refs/…`, a full sha, or undefined for the default branch)
 * names in the repository at `cloneUrl`, asked of the server with `git ls-remote` and nothing
 * fetched. A sha is taken as it is; the server is still asked, for its default branch.
 */
export async function resolveRef(cloneUrl: string, ref: string | undefined, options: ResolveRefOptions): Promise<ResolvedRef> {
  const repositoryUrl = repositoryUrlOf(cloneUrl, options.server);
  const git = createGitRunner({ ...options, repositoryUrl, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  return resolveRefWith(git, cloneUrl, ref, repositoryUrl);
}
