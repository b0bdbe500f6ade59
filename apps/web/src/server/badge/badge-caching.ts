import { createHash } from "node:crypto";

/**
 * For GitHub's camo proxy and CDNs: five minutes fresh (so a new scan shows within five minutes),
 * then served stale for up to a day while revalidating, so a README never waits on us.
 */
export const BADGE_CACHE_CONTROL = "public, max-age=300, s-maxage=300, stale-while-revalidate=86400";

/**
 * A private repository's badge (shown with its token): never kept by shared caches, so no CDN holds a
 * private score and a rotated token stops working at once; browsers revalidate it with its ETag.
 */
export const PRIVATE_BADGE_CACHE_CONTROL = "private, no-cache";

/** A strong validator of the exact bytes. */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** Whether an If-None-Match header (a list, possibly weak, possibly `*`) matches `etag`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || tag.replace(/^W\//, "") === etag;
  });
}
