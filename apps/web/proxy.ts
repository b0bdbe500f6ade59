import { type NextRequest, NextResponse } from "next/server";
import { isHttpsRequest, newNonce, pageContentSecurityPolicy } from "@/server/security/security-headers";

/**
 * Next 16's proxy (the former middleware): a fresh nonce per page request in its Content-Security-Policy.
 * The policy also goes on the request, where Next reads the nonce and puts it on the scripts it renders
 * (so every page renders per request). The other security headers come from next.config.ts.
 */
export function proxy(request: NextRequest): NextResponse {
  const policy = pageContentSecurityPolicy(newNonce(), isHttpsRequest(request.nextUrl, request.headers));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only. Next buffers the body of every request the proxy sees (up to proxyClientMaxBodySize),
  // which would undo the API's and the webhook's own body limits; route handlers render no HTML anyway.
  matcher: ["/((?!api/|badge/|auth/|healthz|readyz|_next/static|_next/image|favicon\\.ico|r/[^/]+/[^/]+/badge-token).*)"],
};
