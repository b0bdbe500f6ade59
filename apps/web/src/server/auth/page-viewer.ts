import { headers } from "next/headers";
import { cache } from "react";
import { getRuntime } from "../runtime.js";
import { type Viewer, viewerFromCookies } from "./viewer.js";

/**
 * The viewer of the page being rendered, once per request (layout, metadata and page share it). The
 * request is read before anything else, which also keeps every page rendering per request, as the
 * Content-Security-Policy nonce needs.
 */
export const pageViewer = cache(async (): Promise<Viewer> => {
  const cookie = (await headers()).get("cookie");
  return viewerFromCookies(getRuntime(), cookie);
});

/** Whether sign-in with GitHub is configured: without it there is nothing to offer. */
export async function signInEnabled(): Promise<boolean> {
  await headers();
  return getRuntime().config.githubOAuth !== undefined;
}
