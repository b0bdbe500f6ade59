import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The App Manifest flow's `state`: a random value kept in an HTTP-only cookie when the setup starts and
 * compared with the one GitHub sends back, so that a callback link someone else made (with their App's
 * code) cannot configure this server with their credentials.
 */
export const SETUP_STATE_COOKIE = "lastcall_github_setup_state";

/** A manifest code is valid for an hour; the state need not outlive it. */
export const SETUP_STATE_MAX_AGE_SECONDS = 60 * 60;

export function createSetupState(): string {
  return randomBytes(32).toString("base64url");
}

export function setupStateMatches(expected: string | undefined, received: string | undefined): boolean {
  if (!expected || !received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
