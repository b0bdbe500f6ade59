import type { ResolvedRef } from "@lastcall/git-fetch";

const inFlight = new Map<string, Promise<ResolvedRef>>();

/**
 * Submissions of the same repository and ref that arrive while one is being resolved share its
 * `git ls-remote`: a burst of identical submissions (a link posted somewhere, a script retrying)
 * costs one git process instead of one each, and answers as fast as one. A submission that joins
 * gets what the server said when the first asked, at most one resolution's time limit earlier.
 */
export function resolveShared(cloneUrl: string, ref: string | undefined, resolve: () => Promise<ResolvedRef>): Promise<ResolvedRef> {
  // A NUL cannot occur in a URL or a ref name, so the key is unambiguous.
  const key = `${cloneUrl}\0${ref ?? ""}`;
  const shared = inFlight.get(key);
  if (shared !== undefined) return shared;
  const started = resolve().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}
