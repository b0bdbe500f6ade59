import { type ExecaError, execa } from "execa";
import { FetchError } from "./fetch-error.js";
import { singleLine } from "./single-line.js";

export interface GitRunnerOptions {
  /** The configured GitHub server; plain http is spoken only when it is one (a loopback test server). */
  server: URL;
  /** The variables git may inherit (PATH, proxies, CA bundles); nothing else reaches it. */
  gitEnv: Record<string, string>;
  /** The repository's URL, as messages name it. */
  repositoryUrl: string;
  /** For every call made through this runner together. */
  timeoutMs: number;
  /** Aborting kills the running git and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** A GitHub App installation token for a private repository; see `authEnv`. */
  accessToken?: string;
}

export interface GitCall {
  /** The command, as failure messages name it: `git fetch`. */
  step: string;
  /** Stops this call only; it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Receives stdout line by line instead of collecting it (the call then resolves to ""). */
  onLine?: (line: string) => void;
  /** Added to git's environment. */
  env?: Record<string, string>;
  /** What a failure to find the wanted object names: "the commit 0123…". */
  wanted?: string;
}

/** Runs one git command; resolves to its stdout. */
export type RunGit = (args: string[], call: GitCall) => Promise<string>;

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

/**
 * What git's stderr says went wrong, as far as it matters to the caller. GitHub answers 401 for a
 * repository that is missing or private, which git (with prompts off) reports as a failure to read
 * a user name; a local server answers 404. `not our ref` is upload-pack refusing an unknown sha.
 */
function classify(stderr: string): "repo_not_found" | "ref_not_found" | "fetch_failed" {
  if (/^fatal: repository '.*' not found$|could not read Username|Authentication failed/m.test(stderr)) return "repo_not_found";
  if (/not our ref|couldn't find remote ref/.test(stderr)) return "ref_not_found";
  return "fetch_failed";
}

/** The FetchError for a git command that failed on its own (not stopped by a signal). */
function failure(error: ExecaError, call: GitCall, url: string): FetchError {
  if (error.code === "ENOENT") return new FetchError("git_missing", "git is not installed or not on PATH", { cause: error });
  const stderr = String(error.stderr ?? "");
  const code = classify(stderr);
  const message =
    code === "repo_not_found"
      ? `the repository ${url} does not exist or is not accessible`
      : code === "ref_not_found"
        ? `${call.wanted ?? "the requested ref"} does not exist in ${url}`
        : `${call.step} of ${url} failed: ${lastLine(stderr) || error.shortMessage}`;
  return new FetchError(code, message, { cause: error });
}

/**
 * The token as an HTTP header, handed to git through GIT_CONFIG_* variables: never on the command
 * line (visible to every user in `ps`), never in the URL (echoed in git's messages), never on disk.
 */
function authEnv(accessToken: string | undefined): Record<string, string> {
  if (accessToken === undefined) return {};
  const basic = Buffer.from(`x-access-token:${accessToken}`).toString("base64");
  return { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraHeader", GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` };
}

/**
 * A runner for the git commands of one fetch, sharing one time limit. Each command runs in its own
 * process group: git leaves the transfer to a git-remote-http child that keeps stderr open, so
 * stopping git alone would leave the transfer running and the call waiting.
 */
export function createGitRunner(options: GitRunnerOptions): RunGit {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const url = options.repositoryUrl;

  return async (args, call) => {
    const signals = [options.signal, call.signal, deadline].filter((signal) => signal !== undefined);
    const cancel = AbortSignal.any(signals);
    const interrupted = () => {
      const stoppedBy = signals.find((signal) => signal.aborted && signal !== deadline);
      return stoppedBy
        ? stoppedBy.reason
        : new FetchError("fetch_timeout", `fetching ${url} timed out after ${options.timeoutMs / 1000} s`);
    };
    if (cancel.aborted) throw interrupted();
    const { onLine } = call;
    const subprocess = execa("git", [...gitConfig(options.server), ...args], {
      env: {
        ...options.gitEnv,
        GIT_TERMINAL_PROMPT: "0",
        GIT_LFS_SKIP_SMUDGE: "1",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        LC_ALL: "C",
        ...authEnv(options.accessToken),
        ...call.env,
      },
      extendEnv: false,
      stdin: "ignore",
      ...(onLine
        ? {
            // biome-ignore lint/correctness/useYield: an execa transform that yields nothing keeps no output in memory
            stdout: function* (line: unknown) {
              onLine(String(line));
            },
          }
        : {}),
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
    let stdout: unknown;
    try {
      ({ stdout } = await subprocess);
    } catch (error) {
      if (cancel.aborted) throw interrupted();
      throw failure(error as ExecaError, call, url);
    } finally {
      cancel.removeEventListener("abort", killGroup);
    }
    // Output that arrived after an abort (a size check that stopped a command just as it ended) is not used.
    if (cancel.aborted) throw interrupted();
    return String(stdout);
  };
}
