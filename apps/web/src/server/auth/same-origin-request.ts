/**
 * Whether a state-changing request (a POST that uses the session) comes from one of our own pages.
 * The session cookie is SameSite=Lax, so browsers leave it off cross-site POSTs already; this check also
 * covers what Lax does not (a sibling subdomain counts as the same site). `Sec-Fetch-Site`, which pages
 * cannot forge, must say same-origin, and `Origin` must be ours; a request with neither is refused.
 */
export function isSameOriginRequest(headers: Headers, siteOrigin: string): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  if (fetchSite === null && origin === null) return false;
  return (fetchSite === null || fetchSite === "same-origin") && (origin === null || origin === siteOrigin);
}
