import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new secret for a private repository's badge URL (`?token=`): 192 random bits, URL-safe. */
export function newBadgeToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Whether the token in a badge URL is the repository's; compared in constant time, whatever the lengths. */
export function badgeTokenMatches(stored: string | null, given: string | null): boolean {
  if (stored === null || given === null || given === "") return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(stored), digest(given));
}
