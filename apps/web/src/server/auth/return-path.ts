/**
 * Where to send someone back to after signing in or out: a path on this site, never another site (an
 * open redirect would let a link through our sign-in land on a look-alike). Undefined when `candidate`
 * is not a URL on `siteOrigin`, or is one of the sign-in routes themselves.
 */
export function returnPath(candidate: string | null | undefined, siteOrigin: string): string | undefined {
  if (candidate === null || candidate === undefined || candidate === "") return undefined;
  let url: URL;
  try {
    url = new URL(candidate, siteOrigin);
  } catch {
    return undefined;
  }
  if (url.origin !== siteOrigin || url.pathname.startsWith("/auth/")) return undefined;
  return `${url.pathname}${url.search}`;
}
