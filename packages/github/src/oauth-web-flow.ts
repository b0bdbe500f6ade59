import { z } from "zod";

/** GitHub answers a refused exchange with status 200 and an `error` field; anything else unexpected is a status. */
export class OAuthExchangeError extends Error {
  override readonly name = "OAuthExchangeError";
  constructor(
    /** GitHub's error code (`bad_verification_code`, `incorrect_client_credentials`, …), or `http_<status>`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OAuthAuthorizationUrlOptions {
  /** GITHUB_SERVER_URL: github.com or a GitHub Enterprise Server, where people sign in. */
  serverUrl: URL;
  clientId: string;
  /** Our callback; must be one of the App's registered callback URLs. */
  redirectUrl: string;
  /** Unguessable, kept by the browser that started the flow; the callback must bring it back. */
  state: string;
}

/** GitHub's consent page for the App's OAuth client (a GitHub App asks for no scopes: its permissions are the App's). */
export function oauthAuthorizationUrl({ serverUrl, clientId, redirectUrl, state }: OAuthAuthorizationUrlOptions): string {
  const url = new URL("/login/oauth/authorize", serverUrl);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", redirectUrl);
  url.searchParams.set("state", state);
  url.searchParams.set("allow_signup", "false");
  return url.href;
}

export interface ExchangeOAuthCodeOptions {
  serverUrl: URL;
  clientId: string;
  clientSecret: string;
  /** The `code` GitHub put on the callback URL; it works once, for ten minutes. */
  code: string;
  redirectUrl: string;
  timeoutMs?: number;
}

export interface UserAccessToken {
  token: string;
  /** When GitHub says the token stops working (8 hours for GitHub App user tokens); undefined when it does not expire. */
  expiresAt: Date | undefined;
}

const tokenResponseSchema = z.union([
  z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive().optional() }),
  z.object({ error: z.string().min(1), error_description: z.string().optional() }),
]);

/** The web flow's second step: the callback's code for the user's access token (POST `/login/oauth/access_token`). */
export async function exchangeOAuthCode(options: ExchangeOAuthCodeOptions): Promise<UserAccessToken> {
  const requestedAt = Date.now();
  const response = await fetch(new URL("/login/oauth/access_token", options.serverUrl), {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json", "user-agent": "lastcall" },
    body: JSON.stringify({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      code: options.code,
      redirect_uri: options.redirectUrl,
    }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw new OAuthExchangeError(`http_${response.status}`, `GitHub answered the code exchange with ${response.status}`);
  const body = tokenResponseSchema.parse(await response.json());
  if ("error" in body) throw new OAuthExchangeError(body.error, body.error_description ?? body.error);
  // Counted from before the request, so that the token is never thought valid for longer than it is.
  const expiresAt = body.expires_in === undefined ? undefined : new Date(requestedAt + body.expires_in * 1000);
  return { token: body.access_token, expiresAt };
}
