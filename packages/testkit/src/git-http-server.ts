import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { promisify } from "node:util";
import { type ImportCommitSpec, importCommit } from "./import-commit.js";

const run = promisify(execFile);

/** A file's content (text or bytes), or a symbolic link to `symlink`. */
export type RepoFile = string | Uint8Array | { symlink: string };

export interface CommitSpec {
  /** Repository-relative paths; files are added or overwritten, never deleted. */
  files: Record<string, RepoFile>;
  /** Default `main`, which is also the repository's default branch. */
  branch?: string;
  /** A tag to put on the new commit. */
  tag?: string;
  /** Makes `tag` an annotated tag with this message (a tag object, which `ls-remote` shows peeled as `^{}`). */
  tagMessage?: string;
  message?: string;
}

export interface GitHttpServerOptions {
  /** Delays every response; lets a test interrupt a clone while it is in flight. */
  responseDelayMs?: number;
  /** Sends response bodies at about this rate; lets a test watch a transfer while it is under way. */
  responseBytesPerSecond?: number;
  /**
   * Serves only requests carrying an installation token this accepts, as GitHub does for a private
   * repository (HTTP Basic, user `x-access-token`); others get 401.
   */
  acceptToken?: (token: string) => boolean;
  /** Matches owner and repository names ignoring case, as GitHub does (`/ACME/Server.git` is `acme/server`). */
  caseInsensitive?: boolean;
  /**
   * Passes requests under `/login/` on to this server (the fake GitHub's OAuth pages): github.com serves
   * sign-in beside git, so GITHUB_SERVER_URL must answer both.
   */
  loginServer?: string;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:PORT`, the value for GITHUB_SERVER_URL. */
  readonly url: string;
  /** Every request as `METHOD /path?query`, in arrival order. */
  readonly requests: readonly string[];
  /** Commits to `owner/repo` (created on first use, bare, served as `/owner/repo.git`); returns the commit sha. */
  commit(slug: string, spec: CommitSpec): Promise<string>;
  /**
   * Commits with `git fast-import` (see `importCommit`): for trees too large for a work tree and
   * for entries a work tree cannot hold. For repositories that `commit` does not also write to.
   */
  importCommit(slug: string, spec: ImportCommitSpec): Promise<string>;
  /** Stops serving, kills running backends, removes every repository. Idempotent. */
  close(): Promise<void>;
}

const AUTHOR = ["-c", "user.name=Lastcall Tests", "-c", "user.email=tests@lastcall.invalid", "-c", "commit.gpgsign=false"];

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run("git", args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
  });
  return stdout.trim();
}

async function writeFiles(workTree: string, files: Record<string, RepoFile>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(workTree, path);
    await mkdir(dirname(target), { recursive: true });
    await rm(target, { force: true });
    if (typeof content === "string" || content instanceof Uint8Array) await writeFile(target, content);
    else await symlink(content.symlink, target);
  }
}

/** Splits git http-backend's CGI output into status, headers and the start of the body. */
function parseCgiHead(head: Buffer): { status: number; headers: Array<[string, string]> } {
  let status = 200;
  const headers: Array<[string, string]> = [];
  for (const line of head.toString("latin1").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers.push([name, value]);
  }
  return { status, headers };
}

function headEnd(buffer: Buffer): { end: number; separator: number } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  if (crlf >= 0) return { end: crlf, separator: 4 };
  const lf = buffer.indexOf("\n\n");
  return lf >= 0 ? { end: lf, separator: 2 } : undefined;
}

/** Passes each chunk on after the time it would take at `bytesPerSecond`. */
function throttle(bytesPerSecond: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      setTimeout(() => done(null, chunk), (chunk.length / bytesPerSecond) * 1000);
    },
  });
}

/**
 * A smart-HTTP git server on 127.0.0.1 backed by `git http-backend` (ENVIRONMENT.md: `clone
 * --depth 1` from a plain path ignores the depth, so shallow clones need a real transport).
 * Clients can fetch any commit reachable from a ref by its sha, as from GitHub, with either protocol
 * version: protocol v2 is passed through, and upload-pack over HTTP (stateless RPC) checks wants for
 * reachability rather than against the advertised tips, so `uploadpack.allow*SHA1InWant` is not needed.
 */
export async function startGitHttpServer(options: GitHttpServerOptions = {}): Promise<GitHttpServer> {
  const root = await mkdtemp(join(tmpdir(), "lastcall-git-server-"));
  const projectRoot = join(root, "repos");
  const workRoot = join(root, "work");
  await mkdir(projectRoot);
  const requests: string[] = [];
  const backends = new Set<ChildProcess>();
  const delays = new Set<NodeJS.Timeout>();

  /** Where `slug` (`owner/repo`) lives, and `/owner/repo.git/…` as the backend looks it up: lower-cased when names ignore case. */
  const repositoryKey = (slug: string) => (options.caseInsensitive ? slug.toLowerCase() : slug);
  const repositoryPath = (path: string) =>
    options.caseInsensitive ? path.replace(/^\/[^/]+\/[^/]+?\.git(?=\/|$)/i, (repository) => repository.toLowerCase()) : path;

  function serve(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const backend = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH ?? "",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: repositoryPath(decodeURIComponent(url.pathname)),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? "GET",
        CONTENT_TYPE: request.headers["content-type"] ?? "",
        ...(request.headers["content-length"] ? { CONTENT_LENGTH: request.headers["content-length"] } : {}),
        HTTP_CONTENT_ENCODING: request.headers["content-encoding"] ?? "",
        GIT_PROTOCOL: String(request.headers["git-protocol"] ?? ""),
        REMOTE_ADDR: request.socket.remoteAddress ?? "127.0.0.1",
      },
      stdio: ["pipe", "pipe", "ignore"],
    });
    backends.add(backend);
    backend.once("close", () => backends.delete(backend));
    backend.once("error", () => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
    response.once("close", () => backend.kill("SIGKILL"));
    // A client that hangs up mid-request makes the backend's stdin fail; the response is gone anyway.
    backend.stdin.on("error", () => undefined);
    request.pipe(backend.stdin);

    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const found = headEnd(head);
      if (!found) return;
      backend.stdout.off("data", onData);
      const { status, headers } = parseCgiHead(head.subarray(0, found.end));
      response.writeHead(status, headers.flat());
      response.write(head.subarray(found.end + found.separator));
      const body = options.responseBytesPerSecond ? backend.stdout.pipe(throttle(options.responseBytesPerSecond)) : backend.stdout;
      body.pipe(response);
    };
    backend.stdout.on("data", onData);
    backend.stdout.once("end", () => {
      if (!headEnd(head)) response.writeHead(502).end();
    });
  }

  const authorized = (header: string | undefined): boolean => {
    const credentials = Buffer.from(header?.replace(/^Basic /, "") ?? "", "base64").toString();
    return credentials.startsWith("x-access-token:") && (options.acceptToken?.(credentials.slice("x-access-token:".length)) ?? false);
  };
  /** A plain reverse proxy for one request to `loginServer`. */
  function forwardLogin(target: string, request: IncomingMessage, response: ServerResponse): void {
    const upstream = httpRequest(new URL(request.url ?? "/", target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.once("error", () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  }

  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    if (options.loginServer !== undefined && request.url?.startsWith("/login/"))
      return forwardLogin(options.loginServer, request, response);
    if (options.acceptToken !== undefined && !authorized(request.headers.authorization)) {
      response.writeHead(401, { "www-authenticate": 'Basic realm="GitHub"' }).end();
      return;
    }
    if (!options.responseDelayMs) return serve(request, response);
    const delay = setTimeout(() => {
      delays.delete(delay);
      if (!request.destroyed) serve(request, response);
    }, options.responseDelayMs);
    delays.add(delay);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async commit(slug, spec) {
      const branch = spec.branch ?? "main";
      const bare = join(projectRoot, `${repositoryKey(slug)}.git`);
      const workTree = join(workRoot, repositoryKey(slug));
      if (!existsSync(bare)) {
        await mkdir(dirname(bare), { recursive: true });
        await git(["init", "--quiet", "--bare", "--initial-branch=main", bare]);
        await mkdir(workTree, { recursive: true });
        await git(["init", "--quiet", "--initial-branch=main"], workTree);
      }
      const hasCommits = await git(["rev-parse", "--verify", "--quiet", "HEAD"], workTree).then(
        () => true,
        () => false,
      );
      const branchExists = await git(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], workTree).then(
        () => true,
        () => false,
      );
      if (branchExists) await git(["checkout", "--quiet", branch], workTree);
      else if (hasCommits) await git(["checkout", "--quiet", "-b", branch], workTree);
      else await git(["symbolic-ref", "HEAD", `refs/heads/${branch}`], workTree);
      await writeFiles(workTree, spec.files);
      await git(["add", "--all"], workTree);
      await git([...AUTHOR, "commit", "--quiet", "--allow-empty", "-m", spec.message ?? "test commit"], workTree);
      await git(["push", "--quiet", "--force", bare, `refs/heads/${branch}`], workTree);
      if (spec.tag) {
        const annotation = spec.tagMessage === undefined ? [] : ["--annotate", "--message", spec.tagMessage];
        await git([...AUTHOR, "tag", "--force", ...annotation, spec.tag], workTree);
        await git(["push", "--quiet", "--force", bare, `refs/tags/${spec.tag}`], workTree);
      }
      return git(["rev-parse", "HEAD"], workTree);
    },
    async importCommit(slug, spec) {
      const bare = join(projectRoot, `${repositoryKey(slug)}.git`);
      if (!existsSync(bare)) {
        await mkdir(dirname(bare), { recursive: true });
        await git(["init", "--quiet", "--bare", "--initial-branch=main", bare]);
      }
      return importCommit(bare, spec);
    },
    close() {
      closing ??= (async () => {
        for (const delay of delays) clearTimeout(delay);
        for (const backend of backends) backend.kill("SIGKILL");
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await rm(root, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
