/** The signed-in browser's session (its secret, see session-secret.ts). */
export const SESSION_COOKIE = "lastcall_session";
/** The OAuth flow in progress: its `state` and where to go afterwards, only on /auth paths. */
export const SIGN_IN_COOKIE = "lastcall_sign_in";

export interface CookieOptions {
  /** 0 deletes the cookie. */
  maxAgeSeconds: number;
  /** Sent only over https: set whenever the site is served over https (plain http is for localhost). */
  secure: boolean;
  path?: string;
}

/**
 * A `Set-Cookie` value. Always HttpOnly (no script reads it) and SameSite=Lax: browsers do not send it with
 * cross-site POSTs or subresource requests, only with top-level navigations such as GitHub's redirect back.
 */
export function serializeCookie(name: string, value: string, { maxAgeSeconds, secure, path = "/" }: CookieOptions): string {
  const attributes = [`${name}=${value}`, `Path=${path}`, `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, "HttpOnly", "SameSite=Lax"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** A cookie's value from a `Cookie` header; undefined when absent or empty. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const pair of (header ?? "").split(";")) {
    const separator = pair.indexOf("=");
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim() || undefined;
  }
  return undefined;
}
