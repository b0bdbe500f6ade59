import { timingSafeEqual } from "node:crypto";
import { createSession, deleteExpiredSessions, deleteSession, upsertGithubUser } from "@lastcall/db";
import { exchangeOAuthCode, getGithubUser, OAuthExchangeError, oauthAuthorizationUrl } from "@lastcall/github";
import { siteOrigin } from "../../view/site-origin.js";
import { ApiError, notFound } from "../api/api-error.js";
import type { WebRuntime } from "../runtime.js";
import { readCookie, SESSION_COOKIE, SIGN_IN_COOKIE, serializeCookie } from "./cookies.js";
import { returnPath } from "./return-path.js";
import { isSameOriginRequest } from "./same-origin-request.js";
import { newSessionSecret, sealGithubToken, sessionSecretHash } from "./session-secret.js";

/** A session lasts a week at most, and never longer than the GitHub token it holds (8 hours for GitHub App user tokens). */
const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** GitHub's codes last ten minutes; so does a sign-in in progress. */
const SIGN_IN_LIFETIME_SECONDS = 600;
const CALLBACK_PATH = "/auth/callback";

function oauthClient(runtime: WebRuntime): { clientId: string; clientSecret: string } {
  if (runtime.config.githubOAuth === undefined) throw notFound("Sign-in with GitHub is not configured here");
  return runtime.config.githubOAuth;
}

function originOf(runtime: WebRuntime, request: Request): string {
  return siteOrigin(runtime.config.publicUrl, request.headers);
}

/** Cookies are Secure whenever the site is served over https; plain http is for localhost. */
function cookieSecurity(origin: string): boolean {
  return origin.startsWith("https:");
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * `GET /auth/signin`: to GitHub's consent page. The `state` sent along is also kept in an HttpOnly cookie
 * of this browser, so the callback can tell that it finishes a sign-in this browser started (RFC 6749
 * §10.12: otherwise another site could sign a visitor in as its own account). Comes back to `next`, or to
 * the page the link was on.
 */
export function startSignIn(runtime: WebRuntime, request: Request): Response {
  const { clientId } = oauthClient(runtime);
  const origin = originOf(runtime, request);
  const back =
    returnPath(new URL(request.url).searchParams.get("next"), origin) ?? returnPath(request.headers.get("referer"), origin) ?? "/";
  const state = newSessionSecret();
  const authorizeUrl = oauthAuthorizationUrl({
    serverUrl: runtime.config.githubServer,
    clientId,
    redirectUrl: `${origin}${CALLBACK_PATH}`,
    state,
  });
  const pending = `${state}.${Buffer.from(back).toString("base64url")}`;
  return redirect(authorizeUrl, [
    serializeCookie(SIGN_IN_COOKIE, pending, { maxAgeSeconds: SIGN_IN_LIFETIME_SECONDS, secure: cookieSecurity(origin), path: "/auth" }),
  ]);
}

/**
 * `GET /auth/callback?code&state`: checks the state against this browser's, exchanges the code for the
 * user's token, and starts a session (a new secret every time, so nothing set before signing in carries
 * over). The sign-in cookie is spent either way.
 */
export async function finishSignIn(runtime: WebRuntime, request: Request): Promise<Response> {
  const { clientId, clientSecret } = oauthClient(runtime);
  const origin = originOf(runtime, request);
  const secure = cookieSecurity(origin);
  const url = new URL(request.url);
  const cookieHeader = request.headers.get("cookie");
  const [expectedState = "", encodedBack = ""] = (readCookie(cookieHeader, SIGN_IN_COOKIE) ?? "").split(".");
  const back = returnPath(Buffer.from(encodedBack, "base64url").toString(), origin) ?? "/";
  const spent = serializeCookie(SIGN_IN_COOKIE, "", { maxAgeSeconds: 0, secure, path: "/auth" });
  const state = url.searchParams.get("state") ?? "";
  if (expectedState === "" || !sameString(state, expectedState)) {
    throw new ApiError(400, "invalid_state", "This sign-in was not started in this browser, or took too long: sign in again", {
      "set-cookie": spent,
    });
  }
  // The person declined on GitHub's consent page.
  if (url.searchParams.has("error")) return redirect(`${origin}${back}`, [spent]);

  let token: Awaited<ReturnType<typeof exchangeOAuthCode>>;
  try {
    token = await exchangeOAuthCode({
      serverUrl: runtime.config.githubServer,
      clientId,
      clientSecret,
      code: url.searchParams.get("code") ?? "",
      redirectUrl: `${origin}${CALLBACK_PATH}`,
    });
  } catch (error) {
    if (!(error instanceof OAuthExchangeError)) throw error;
    throw new ApiError(400, "sign_in_failed", `GitHub did not complete the sign-in (${error.code}): sign in again`, {
      "set-cookie": spent,
    });
  }
  const githubUser = await getGithubUser({ apiUrl: runtime.config.githubApiUrl, token: token.token });
  const user = await upsertGithubUser(runtime.db, { githubId: githubUser.id, login: githubUser.login, name: githubUser.name });

  const previous = readCookie(cookieHeader, SESSION_COOKIE);
  if (previous !== undefined) await deleteSession(runtime.db, sessionSecretHash(previous));
  await deleteExpiredSessions(runtime.db);
  const secret = newSessionSecret();
  const expiresAt = new Date(Math.min(Date.now() + SESSION_LIFETIME_MS, token.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY));
  await createSession(runtime.db, {
    secretHash: sessionSecretHash(secret),
    userId: user.id,
    githubToken: sealGithubToken(token.token, secret),
    expiresAt,
  });
  runtime.logger.info({ user: user.login }, "signed in");
  const maxAgeSeconds = (expiresAt.getTime() - Date.now()) / 1000;
  return redirect(`${origin}${back}`, [spent, serializeCookie(SESSION_COOKIE, secret, { maxAgeSeconds, secure })]);
}

/** Refuses a state-changing request that did not come from one of our pages (403 `cross_site_request`). */
export function requireSameOrigin(runtime: WebRuntime, request: Request): void {
  if (!isSameOriginRequest(request.headers, originOf(runtime, request))) {
    throw new ApiError(403, "cross_site_request", "This request must come from Lastcall's own pages");
  }
}

/** `POST /auth/signout`: ends the session (its row, with the sealed GitHub token, is deleted) and clears the cookie. */
export async function signOut(runtime: WebRuntime, request: Request): Promise<Response> {
  requireSameOrigin(runtime, request);
  const origin = originOf(runtime, request);
  const secret = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (secret !== undefined) await deleteSession(runtime.db, sessionSecretHash(secret));
  return redirect(`${origin}/`, [serializeCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: cookieSecurity(origin) })]);
}
