/**
 * The page Content-Security-Policy, which needs a fresh nonce per request (set by proxy.ts). The headers
 * that are the same on every response are in standard-headers.ts, set by server.ts.
 */

/**
 * A page's policy: scripts only with this request's nonce ('strict-dynamic' lets them load Next's chunks),
 * never inline; styles from our own stylesheets or with the nonce, plus inline `style` attributes (the
 * report's bars set their widths), which can carry no script; nothing framed, nothing posted elsewhere.
 */
export function pageContentSecurityPolicy(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Over plain http (localhost) this would send the page's requests to an https port nobody listens on.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Whether the request reached us over https: its own URL, or the scheme the nearest proxy reports. */
export function isHttpsRequest(url: URL, headers: Headers): boolean {
  return url.protocol === "https:" || forwardedAsHttps(headers.get("x-forwarded-proto") ?? undefined);
}

/** Whether X-Forwarded-Proto (a list, the nearest proxy's scheme first) says the client used https. */
export function forwardedAsHttps(header: string | undefined): boolean {
  return header?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** 128 random bits, base64: unguessable per request, as a nonce must be. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
