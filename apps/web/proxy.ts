import { type NextRequest, NextResponse } from "next/server";
import { isHttpsRequest, newNonce, securityHeaders } from "@/server/security/security-headers";

/**
 * Next 16's proxy (the former middleware): security headers on every response, and a fresh nonce per
 * request in the Content-Security-Policy. The policy also goes on the request, where Next reads the
 * nonce and puts it on the scripts it renders (so every page renders per request).
 */
export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({
    path: request.nextUrl.pathname,
    nonce: newNonce(),
    https: isHttpsRequest(request.nextUrl, request.headers),
  });
  const requestHeaders = new Headers(request.headers);
  const policy = headers["content-security-policy"];
  if (policy !== undefined) requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Next's build output (hashed, immutable files) needs none of this; next.config.ts marks it nosniff.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
