import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGithubRepository {
  owner: string;
  name: string;
  /** Default `main`. */
  defaultBranch?: string;
  /** Default false. */
  private?: boolean;
}

/** A user's role in a repository, as GitHub's `permissions` object describes it (read: pull; write: also push; admin: everything). */
export type FakeGithubPermission = "read" | "write" | "admin";

export interface FakeGithubUser {
  login: string;
  /** Default 5000 plus the user's position in the list. */
  id?: number;
  name?: string;
  /** What the user may do in repositories, by `owner/name`; public repositories are readable by everyone anyway. */
  repositories?: Record<string, FakeGithubPermission>;
}

/** The GitHub App's OAuth client, for its web flow (sign in with GitHub). */
export interface FakeGithubOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** How long a user token lasts, in seconds (GitHub App user tokens: 8 hours); null for tokens that never expire. */
  tokenLifetimeSeconds?: number | null;
}

export interface FakeGithubOptions {
  /** When set, an app JWT must name this app as its issuer (`iss`). */
  appId?: number | string;
  /** The repositories the app's installations can see; every other repository is a 404, as on GitHub. */
  repositories?: FakeGithubRepository[];
  /** People who can sign in through the OAuth web flow. */
  users?: FakeGithubUser[];
  /** Enables the OAuth web flow: `/login/oauth/authorize` and `/login/oauth/access_token`. */
  oauth?: FakeGithubOAuthOptions;
}

export interface FakeGithubRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

/** A check run as GitHub holds it after every create and update request so far. */
export interface FakeCheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation sent, in order: GitHub appends each request's annotations to the run's list. */
  annotations: FakeAnnotation[];
}

export interface FakePullRequestFile {
  filename: string;
  status: string;
  patch?: string;
  additions?: number;
  deletions?: number;
  changes?: number;
}

export interface FakeInstallationToken {
  installationId: number;
  token: string;
  expiresAt: string;
  /** What the request asked for, if anything. */
  permissions?: Record<string, string>;
  repositories?: string[];
}

/** A user access token handed out by the OAuth web flow's code exchange. */
export interface FakeUserToken {
  login: string;
  token: string;
  /** Null for a token that never expires. */
  expiresAt: string | null;
}

/** An App made by the App Manifest flow's conversion (`POST /app-manifests/:code/conversions`). */
export interface FakeManifestConversion {
  code: string;
  appId: number;
  /** PKCS#1 PEM, as GitHub hands it out. */
  pem: string;
  webhookSecret: string;
  htmlUrl: string;
}

export interface FakeGithub {
  /** `http://127.0.0.1:PORT`, the REST API base URL (GITHUB_API_URL). */
  readonly url: string;
  /** Every request in arrival order. */
  readonly requests: readonly FakeGithubRequest[];
  readonly checkRuns: ReadonlyMap<number, FakeCheckRun>;
  /** Every installation access token handed out. */
  readonly installationTokens: readonly FakeInstallationToken[];
  /** Every App made from a manifest code; each code converts once, as on GitHub. */
  readonly manifestConversions: readonly FakeManifestConversion[];
  /** Every user token the OAuth code exchange handed out. */
  readonly userTokens: readonly FakeUserToken[];
  /**
   * Who is signed in to GitHub in "the browser": `/login/oauth/authorize` approves as this user unless
   * its `login` parameter names another (GitHub uses that parameter to suggest an account). Undefined: nobody.
   */
  signIn(login: string | undefined): void;
  /** Changes what a user may do in a repository (`owner/name`); null takes their role away. */
  setPermission(login: string, slug: string, permission: FakeGithubPermission | null): void;
  /** Makes a user token invalid, as when the user revokes the App's authorization. */
  revokeUserToken(token: string): void;
  /** What `GET /repos/:owner/:repo/pulls/:number/files` lists (paginated like GitHub: `per_page`, `page`, `Link`). */
  setPullRequestFiles(owner: string, repo: string, pullNumber: number, files: FakePullRequestFile[]): void;
  /** Stops serving. Idempotent. */
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DOCS = "https://docs.github.com/rest";
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const CHECK_STATUSES = ["queued", "in_progress", "completed"];
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
const ANNOTATION_LEVELS = ["notice", "warning", "failure"];
const MAX_SUMMARY_LENGTH = 65_535;
const OAUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;
const DEFAULT_USER_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;
const REFRESH_TOKEN_LIFETIME_SECONDS = 184 * 24 * 60 * 60;
const ROLE_PERMISSIONS: Record<FakeGithubPermission | "none", Record<string, boolean>> = {
  none: { admin: false, maintain: false, push: false, triage: false, pull: true },
  read: { admin: false, maintain: false, push: false, triage: false, pull: true },
  write: { admin: false, maintain: false, push: true, triage: true, pull: true },
  admin: { admin: true, maintain: true, push: true, triage: true, pull: true },
};

/** GitHub matches owner and repository names case-insensitively. */
function slugOf(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

/** GitHub's timestamps have whole seconds. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("error", reject);
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) return reject(new HttpError(413, "Payload too large"));
      const text = Buffer.concat(chunks).toString("utf8");
      if (text === "") return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, "Problems parsing JSON"));
      }
    });
  });
}

function credentials(headers: IncomingHttpHeaders): { scheme: string; value: string } | undefined {
  const match = /^(\w+)\s+(\S+)$/.exec(headers.authorization ?? "");
  return match?.[1] && match[2] ? { scheme: match[1].toLowerCase(), value: match[2] } : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(body: Json, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new HttpError(422, `Invalid request.\n\n"${field}" is not a string.`);
  return value;
}

function validateAnnotation(annotation: unknown): FakeAnnotation {
  if (
    !isObject(annotation) ||
    typeof annotation.path !== "string" ||
    !Number.isInteger(annotation.start_line) ||
    !Number.isInteger(annotation.end_line) ||
    (annotation.start_line as number) < 1 ||
    (annotation.end_line as number) < (annotation.start_line as number) ||
    !ANNOTATION_LEVELS.includes(annotation.annotation_level as string) ||
    typeof annotation.message !== "string"
  ) {
    throw new HttpError(422, "Invalid request.\n\nAnnotations need path, start_line, end_line, annotation_level and message.");
  }
  return annotation as unknown as FakeAnnotation;
}

/** Applies a create or update body to `run` with the checks the real API makes; throws 422 like GitHub. */
function applyCheckRunBody(run: FakeCheckRun, body: Json): void {
  const status = optionalString(body, "status");
  const conclusion = optionalString(body, "conclusion");
  if (status !== undefined && !CHECK_STATUSES.includes(status)) throw new HttpError(422, `Invalid request.\n\nUnknown status "${status}".`);
  if (conclusion !== undefined && !CONCLUSIONS.includes(conclusion))
    throw new HttpError(422, `Invalid request.\n\nUnknown conclusion "${conclusion}".`);
  if (status === "completed" && conclusion === undefined && run.conclusion === null) {
    throw new HttpError(422, "Invalid request.\n\nA completed check run needs a conclusion.");
  }
  let annotations: FakeAnnotation[] = [];
  if (body.output !== undefined) {
    const output = body.output;
    if (!isObject(output) || typeof output.title !== "string" || typeof output.summary !== "string") {
      throw new HttpError(422, "Invalid request.\n\nThe output needs a title and a summary.");
    }
    if (output.summary.length > MAX_SUMMARY_LENGTH) throw new HttpError(422, "Invalid request.\n\nThe summary is too long.");
    const sent = output.annotations ?? [];
    if (!Array.isArray(sent)) throw new HttpError(422, "Invalid request.\n\nannotations is not an array.");
    if (sent.length > 50) throw new HttpError(422, "Invalid request.\n\nOnly 50 annotations are allowed per request.");
    annotations = sent.map(validateAnnotation);
    run.output = { title: output.title, summary: output.summary, text: typeof output.text === "string" ? output.text : run.output.text };
  }
  // Giving a conclusion completes the run, as the docs of both endpoints say.
  if (conclusion !== undefined) {
    run.conclusion = conclusion;
    run.status = "completed";
    run.completedAt = optionalString(body, "completed_at") ?? run.completedAt ?? timestamp(new Date());
  } else if (status !== undefined) run.status = status;
  run.detailsUrl = optionalString(body, "details_url") ?? run.detailsUrl;
  run.externalId = optionalString(body, "external_id") ?? run.externalId;
  run.startedAt = optionalString(body, "started_at") ?? run.startedAt;
  run.annotations.push(...annotations);
}

/**
 * A small stand-in for GitHub's REST API on 127.0.0.1, covering what the Lastcall GitHub App calls:
 * installation tokens (an app JWT required), repositories, check runs and pull-request files
 * (an installation token required), and the App Manifest flow's code conversion. With `oauth`, also the
 * App's OAuth web flow (`/login/oauth/*`, which github.com serves beside git) and what a user token may
 * read: `GET /user`, and `GET /repos/:owner/:repo` with the user's `permissions` (a 404 when the user
 * cannot see the repository). It records every request. Pair it with `startGitHttpServer`:
 * GITHUB_SERVER_URL is the git server (its `loginServer` option passes `/login/` on to this one),
 * GITHUB_API_URL this one.
 */
export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const requests: FakeGithubRequest[] = [];
  const checkRuns = new Map<number, FakeCheckRun>();
  const installationTokens: FakeInstallationToken[] = [];
  const manifestConversions: FakeManifestConversion[] = [];
  const pullRequestFiles = new Map<string, FakePullRequestFile[]>();
  const userTokens: FakeUserToken[] = [];
  const revokedUserTokens = new Set<string>();
  const oauthCodes = new Map<string, { login: string; redirectUri: string; expiresAt: number }>();
  const users = new Map(
    (options.users ?? []).map((user, index) => [
      user.login.toLowerCase(),
      {
        login: user.login,
        id: user.id ?? 5000 + index,
        name: user.name ?? null,
        roles: new Map(Object.entries(user.repositories ?? {}).map(([slug, role]) => [slug.toLowerCase(), role])),
      },
    ]),
  );
  let signedInLogin: string | undefined;
  const repositories = new Map(
    (options.repositories ?? []).map((repository, index) => [
      slugOf(repository.owner, repository.name),
      { ...repository, id: 1000 + index },
    ]),
  );
  const appId = options.appId ?? 1;
  let nextCheckRunId = 1;
  let baseUrl = "";

  /** Checks the shape and claims of an app JWT (not its signature: the fake does not know the public key). */
  function requireAppJwt(headers: IncomingHttpHeaders): void {
    const auth = credentials(headers);
    if (auth?.scheme !== "bearer") throw new HttpError(401, "A JSON web token could not be decoded");
    const [, payload] = auth.value.split(".");
    let claims: Json;
    try {
      claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
    } catch {
      throw new HttpError(401, "A JSON web token could not be decoded");
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== "number" || claims.exp <= now)
      throw new HttpError(401, "'Expiration time' claim ('exp') is too far in the past");
    if (options.appId !== undefined && String(claims.iss) !== String(options.appId)) {
      throw new HttpError(401, "'Issuer' claim ('iss') must be an Integer");
    }
  }

  function requireInstallationToken(headers: IncomingHttpHeaders): void {
    const auth = credentials(headers);
    const issued =
      auth && (auth.scheme === "token" || auth.scheme === "bearer") && installationTokens.find((token) => token.token === auth.value);
    if (!issued || Date.parse(issued.expiresAt) <= Date.now()) throw new HttpError(401, "Bad credentials");
  }

  /** The user whose live OAuth token authenticates the request, or undefined when it carries another kind of credential. */
  function userOf(headers: IncomingHttpHeaders) {
    const auth = credentials(headers);
    if (!auth || !(auth.scheme === "token" || auth.scheme === "bearer")) return undefined;
    const issued = userTokens.find((token) => token.token === auth.value);
    if (!issued) return undefined;
    if (revokedUserTokens.has(issued.token) || (issued.expiresAt !== null && Date.parse(issued.expiresAt) <= Date.now())) {
      throw new HttpError(401, "Bad credentials");
    }
    const user = users.get(issued.login.toLowerCase());
    if (!user) throw new HttpError(401, "Bad credentials");
    return user;
  }

  function requireUser(headers: IncomingHttpHeaders) {
    const user = userOf(headers);
    if (!user) throw new HttpError(401, "Requires authentication");
    return user;
  }

  /** The first step of the web flow: GitHub's consent page, approved at once as the signed-in user. */
  function authorize(url: URL): [number, unknown, Record<string, string>] {
    const oauth = options.oauth;
    if (!oauth || url.searchParams.get("client_id") !== oauth.clientId) throw new HttpError(404, "Not Found");
    const redirectUri = url.searchParams.get("redirect_uri");
    if (!redirectUri) throw new HttpError(422, "The redirect_uri is required by this fake.");
    const login = url.searchParams.get("login") ?? signedInLogin;
    const user = login === undefined ? undefined : users.get(login.toLowerCase());
    if (!user) throw new HttpError(401, "Sign in to GitHub to continue.");
    const code = randomBytes(10).toString("hex");
    oauthCodes.set(code, { login: user.login, redirectUri, expiresAt: Date.now() + OAUTH_CODE_LIFETIME_MS });
    const callback = new URL(redirectUri);
    callback.searchParams.set("code", code);
    const state = url.searchParams.get("state");
    if (state !== null) callback.searchParams.set("state", state);
    return [302, undefined, { location: callback.href }];
  }

  /** The web flow's code exchange. Like GitHub, it answers 200 with an `error` field when the exchange is refused. */
  function exchangeCode(body: unknown): Json {
    const oauth = options.oauth;
    if (!oauth) throw new HttpError(404, "Not Found");
    const fields = isObject(body) ? body : {};
    const refuse = (error: string, description: string) => ({
      error,
      error_description: description,
      error_uri: `${DOCS}/apps/oauth-apps#${error}`,
    });
    if (fields.client_id !== oauth.clientId || fields.client_secret !== oauth.clientSecret) {
      return refuse("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.");
    }
    const grant = typeof fields.code === "string" ? oauthCodes.get(fields.code) : undefined;
    if (grant) oauthCodes.delete(fields.code as string);
    if (!grant || grant.expiresAt <= Date.now()) {
      return refuse("bad_verification_code", "The code passed is incorrect or expired.");
    }
    if (fields.redirect_uri !== undefined && fields.redirect_uri !== grant.redirectUri) {
      return refuse("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application.");
    }
    const lifetime = oauth.tokenLifetimeSeconds === undefined ? DEFAULT_USER_TOKEN_LIFETIME_SECONDS : oauth.tokenLifetimeSeconds;
    const token: FakeUserToken = {
      login: grant.login,
      token: `ghu_fake${randomBytes(16).toString("hex")}`,
      expiresAt: lifetime === null ? null : timestamp(new Date(Date.now() + lifetime * 1000)),
    };
    userTokens.push(token);
    return {
      access_token: token.token,
      token_type: "bearer",
      scope: "",
      ...(lifetime === null
        ? {}
        : {
            expires_in: lifetime,
            refresh_token: `ghr_fake${randomBytes(16).toString("hex")}`,
            refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_SECONDS,
          }),
    };
  }

  function repositoryJson(repository: FakeGithubRepository & { id: number }, permissions?: Record<string, boolean>): Json {
    return {
      id: repository.id,
      name: repository.name,
      full_name: `${repository.owner}/${repository.name}`,
      owner: { login: repository.owner },
      private: repository.private ?? false,
      visibility: repository.private ? "private" : "public",
      default_branch: repository.defaultBranch ?? "main",
      ...(permissions ? { permissions } : {}),
    };
  }

  function requireRepository(owner: string, repo: string) {
    const repository = repositories.get(slugOf(owner, repo));
    if (!repository) throw new HttpError(404, "Not Found");
    return repository;
  }

  function checkRunJson(run: FakeCheckRun): Json {
    return {
      id: run.id,
      name: run.name,
      head_sha: run.headSha,
      external_id: run.externalId,
      url: `${baseUrl}/repos/${run.owner}/${run.repo}/check-runs/${run.id}`,
      html_url: `${baseUrl}/${run.owner}/${run.repo}/runs/${run.id}`,
      details_url: run.detailsUrl,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: { ...run.output, annotations_count: run.annotations.length },
      app: { id: Number(appId) },
    };
  }

  function issueToken(installationId: number, body: unknown): Json {
    const requested = isObject(body) ? body : {};
    const names = Array.isArray(requested.repositories) ? requested.repositories.map(String) : undefined;
    const granted = names?.map((name) => {
      const repository = [...repositories.values()].find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      if (!repository)
        throw new HttpError(422, "There is at least one repository that does not exist or is not accessible to the parent installation.");
      return repository;
    });
    const permissions = isObject(requested.permissions) ? (requested.permissions as Record<string, string>) : undefined;
    const token: FakeInstallationToken = {
      installationId,
      token: `ghs_fake${randomBytes(16).toString("hex")}`,
      expiresAt: timestamp(new Date(Date.now() + 60 * 60 * 1000)),
      ...(permissions ? { permissions } : {}),
      ...(names ? { repositories: names } : {}),
    };
    installationTokens.push(token);
    return {
      token: token.token,
      expires_at: token.expiresAt,
      permissions: permissions ?? { checks: "write", contents: "read", metadata: "read", pull_requests: "read" },
      repository_selection: granted ? "selected" : "all",
      ...(granted
        ? {
            repositories: granted.map((repository) => ({
              id: repository.id,
              name: repository.name,
              full_name: `${repository.owner}/${repository.name}`,
            })),
          }
        : {}),
    };
  }

  /** The App Manifest flow's last step: no authentication, the code is the credential, and it works once. */
  function convertManifest(code: string): Json {
    if (manifestConversions.some((conversion) => conversion.code === code)) throw new HttpError(404, "Not Found");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const conversion: FakeManifestConversion = {
      code,
      appId: Number(appId),
      pem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      webhookSecret: randomBytes(20).toString("hex"),
      htmlUrl: `${baseUrl}/apps/lastcall`,
    };
    manifestConversions.push(conversion);
    return {
      id: conversion.appId,
      slug: "lastcall",
      name: "Lastcall",
      owner: { login: "acme", type: "Organization" },
      html_url: conversion.htmlUrl,
      client_id: "Iv1.fake",
      client_secret: randomBytes(20).toString("hex"),
      webhook_secret: conversion.webhookSecret,
      pem: conversion.pem,
    };
  }

  /** Answers one request: status, JSON body and extra headers. */
  function route(method: string, url: URL, headers: IncomingHttpHeaders, body: unknown): [number, unknown, Record<string, string>?] {
    const path = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const [first, second, third, fourth, fifth, sixth] = path;

    if (method === "GET" && path.length === 1 && first === "app") {
      requireAppJwt(headers);
      return [200, { id: Number(appId), slug: "lastcall", name: "Lastcall" }];
    }
    if (method === "POST" && path.length === 4 && first === "app" && second === "installations" && fourth === "access_tokens") {
      requireAppJwt(headers);
      const installationId = Number(third);
      if (!Number.isSafeInteger(installationId) || installationId <= 0) throw new HttpError(404, "Not Found");
      return [201, issueToken(installationId, body)];
    }
    if (method === "POST" && path.length === 3 && first === "app-manifests" && second !== undefined && third === "conversions") {
      return [201, convertManifest(second)];
    }
    if (method === "GET" && url.pathname === "/login/oauth/authorize") return authorize(url);
    if (method === "POST" && url.pathname === "/login/oauth/access_token") return [200, exchangeCode(body)];
    if (options.oauth && method === "GET" && path.length === 1 && first === "user") {
      const user = requireUser(headers);
      return [200, { login: user.login, id: user.id, name: user.name, type: "User" }];
    }
    if (first !== "repos" || second === undefined || third === undefined) throw new HttpError(404, "Not Found");

    const user = userOf(headers);
    if (user) {
      // A user token reads a repository the user can see (public, or given a role) and the app can; anything else is a 404.
      const repository = requireRepository(second, third);
      const role = user.roles.get(slugOf(repository.owner, repository.name));
      if (method !== "GET" || path.length !== 3 || (repository.private && role === undefined)) throw new HttpError(404, "Not Found");
      return [200, repositoryJson(repository, ROLE_PERMISSIONS[role ?? "none"])];
    }
    requireInstallationToken(headers);
    const repository = requireRepository(second, third);
    const owner = repository.owner;
    const repo = repository.name;

    if (method === "GET" && path.length === 3) return [200, repositoryJson(repository)];
    if (fourth === "check-runs" && method === "POST" && path.length === 4) {
      if (!isObject(body) || typeof body.name !== "string" || body.name === "")
        throw new HttpError(422, 'Invalid request.\n\n"name" wasn\'t supplied.');
      if (typeof body.head_sha !== "string" || !/^[0-9a-f]{40}$/.test(body.head_sha))
        throw new HttpError(422, `No commit found for SHA: ${String(body.head_sha)}`);
      const run: FakeCheckRun = {
        id: nextCheckRunId,
        owner,
        repo,
        name: body.name,
        headSha: body.head_sha,
        status: "queued",
        conclusion: null,
        detailsUrl: null,
        externalId: null,
        startedAt: null,
        completedAt: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
      };
      applyCheckRunBody(run, body);
      nextCheckRunId += 1;
      checkRuns.set(run.id, run);
      return [201, checkRunJson(run)];
    }
    if (fourth === "check-runs" && path.length === 5) {
      const run = checkRuns.get(Number(fifth));
      if (!run || slugOf(run.owner, run.repo) !== slugOf(owner, repo)) throw new HttpError(404, "Not Found");
      if (method === "GET") return [200, checkRunJson(run)];
      if (method === "PATCH") {
        // Validate on a copy so that a rejected request changes nothing, as on GitHub.
        const updated: FakeCheckRun = { ...run, output: { ...run.output }, annotations: [...run.annotations] };
        applyCheckRunBody(updated, isObject(body) ? body : {});
        checkRuns.set(run.id, updated);
        return [200, checkRunJson(updated)];
      }
    }
    if (method === "GET" && fourth === "pulls" && sixth === "files" && path.length === 6) {
      const files = pullRequestFiles.get(`${slugOf(owner, repo)}#${Number(fifth)}`);
      if (!files) throw new HttpError(404, "Not Found");
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 30) || 30));
      const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
      const lastPage = Math.max(1, Math.ceil(files.length / perPage));
      const pageUrl = (number: number) => {
        const next = new URL(url.pathname, baseUrl);
        next.searchParams.set("per_page", String(perPage));
        next.searchParams.set("page", String(number));
        return next.href;
      };
      const links = page < lastPage ? [`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`] : [];
      const data = files
        .slice((page - 1) * perPage, page * perPage)
        .map((file) => ({ sha: "0".repeat(40), additions: 0, deletions: 0, changes: 0, ...file }));
      return [200, data, links.length > 0 ? { link: links.join(", ") } : {}];
    }
    throw new HttpError(404, "Not Found");
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", baseUrl);
    const record: FakeGithubRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: request.headers,
    };
    requests.push(record);
    let status: number;
    let payload: unknown;
    let extraHeaders: Record<string, string> = {};
    try {
      record.body = await readBody(request);
      [status, payload, extraHeaders = {}] = route(method, url, request.headers, record.body);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      payload = { message: error.message, documentation_url: DOCS, status: String(error.status) };
    }
    response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...extraHeaders });
    response.end(payload === undefined ? undefined : JSON.stringify(payload));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify({ message: String(error), documentation_url: DOCS, status: "500" }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    requests,
    checkRuns,
    installationTokens,
    manifestConversions,
    userTokens,
    setPullRequestFiles(owner, repo, pullNumber, files) {
      pullRequestFiles.set(`${slugOf(owner, repo)}#${pullNumber}`, files);
    },
    signIn(login) {
      signedInLogin = login;
    },
    setPermission(login, slug, permission) {
      const user = users.get(login.toLowerCase());
      if (!user) throw new Error(`no fake GitHub user ${login}`);
      if (permission === null) user.roles.delete(slug.toLowerCase());
      else user.roles.set(slug.toLowerCase(), permission);
    },
    revokeUserToken(token) {
      revokedUserTokens.add(token);
    },
    close() {
      closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
