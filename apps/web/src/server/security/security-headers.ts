/**
 * The security headers of every response the proxy sees (proxy.ts): pages, the API, badges, sign-in.
 * Pure, so that the proxy and the tests share one definition.
 */
export interface SecurityHeaderOptions {
  /** The request's path: pages, `/api/…` and `/badge/…` get different Content-Security-Policies. */
  path: string;
  /** Fresh for every request; Next puts it on the scripts it renders. */
  nonce: string;
  /** Served over https (directly or behind a proxy that says so): then HSTS, and subresources upgraded. */
  https: boolean;
}

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

/** JSON and event streams are never documents to render: nothing may load, and nothing may frame them. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Two years, the preload list's minimum; subdomains of this host included (not its siblings). */
const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** Powerful features no Lastcall page uses, turned off for it and anything it might embed. */
const PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

export function securityHeaders({ path, nonce, https }: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
  };
  if (https) headers["strict-transport-security"] = STRICT_TRANSPORT_SECURITY;
  // A badge sets its own policy: opened on its own, the SVG is a document that styles itself.
  if (path.startsWith("/badge/")) return headers;
  headers["content-security-policy"] = path.startsWith("/api/") ? API_CONTENT_SECURITY_POLICY : pageContentSecurityPolicy(nonce, https);
  return headers;
}

/** Whether the request reached us over https: its own URL, or the scheme the nearest proxy reports. */
export function isHttpsRequest(url: URL, headers: Headers): boolean {
  return url.protocol === "https:" || headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** 128 random bits, base64: unguessable per request, as a nonce must be. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
