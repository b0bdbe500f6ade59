import type { OutgoingHttpHeaders } from "node:http";
import { forwardedAsHttps } from "./security-headers.js";

/** Powerful features no Lastcall page uses, off for it and anything it might embed. */
const PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

const ALWAYS: OutgoingHttpHeaders = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": PERMISSIONS_POLICY,
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** The server speaks plain http; behind TLS, the proxy in front says so. Two years, subdomains of this host included. */
const OVER_HTTPS: OutgoingHttpHeaders = { ...ALWAYS, "Strict-Transport-Security": "max-age=63072000; includeSubDomains" };

/**
 * The headers of every response (pages, the API, badges, Next's own files, our own 500s), which server.ts
 * sets before anything answers. `forwardedProto` is the request's X-Forwarded-Proto.
 */
export function standardSecurityHeaders(forwardedProto: string | undefined): OutgoingHttpHeaders {
  return forwardedAsHttps(forwardedProto) ? OVER_HTTPS : ALWAYS;
}
