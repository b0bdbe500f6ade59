/**
 * The site's absolute origin for snippets people paste elsewhere (badge Markdown and HTML): the
 * configured public URL, else what the request came in on (a proxy's X-Forwarded-* first).
 */
export function siteOrigin(publicUrl: string | undefined, headers: { get(name: string): string | null }): string {
  if (publicUrl !== undefined) return publicUrl;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost";
  const protocol = headers.get("x-forwarded-proto") ?? "http";
  return `${protocol.split(",")[0]?.trim()}://${host.split(",")[0]?.trim()}`;
}
