import { findLatestDefaultBranchScan, findRepository } from "@lastcall/db";
import { errorResponse } from "../api/api-error.js";
import { repositoryName } from "../api/repository-name.js";
import type { WebRuntime } from "../runtime.js";
import { BADGE_CACHE_CONTROL, cacheableResponse } from "./cacheable-response.js";
import { type BadgeFormat, type BadgeScan, badgeContent, renderBadge, splitBadgeFile } from "./repository-badge.js";

async function latestResult(runtime: WebRuntime, owner: string, repo: string): Promise<BadgeScan | null> {
  const { config, db } = runtime;
  const name = repositoryName(owner, repo, config.githubServer);
  if (name === undefined) return null;
  const repository = await findRepository(db, { host: config.githubServer.host, ...name });
  // A private repository's score is not public: its badge says as little as an unknown one's.
  return repository === null || repository.private ? null : findLatestDefaultBranchScan(db, repository.id);
}

function badge(request: Request, format: BadgeFormat, scan: BadgeScan | null, cacheControl: string): Response {
  const { body, contentType } = renderBadge(badgeContent(scan), format);
  return cacheableResponse(request, body, {
    "content-type": contentType,
    "cache-control": cacheControl,
    // Opened on its own, the SVG is a document: it may style itself and nothing else.
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "x-content-type-options": "nosniff",
  });
}

/**
 * `/badge/<owner>/<repo>.svg|.json`. Whatever the names, the answer is a badge with status 200 (a
 * README must never show a broken image): unknown repositories and impossible names get the grey
 * "not scanned" one. If the database fails, that grey badge too, but not cached.
 */
export async function badgeResponse(request: Request, runtime: WebRuntime, owner: string, file: string): Promise<Response> {
  const target = splitBadgeFile(file);
  if (target === undefined) return errorResponse(404, "not_found", "Badges are <repo>.svg or <repo>.json");
  try {
    return badge(request, target.format, await latestResult(runtime, owner, target.repo), BADGE_CACHE_CONTROL);
  } catch (error) {
    runtime.logger.error({ err: error, path: new URL(request.url).pathname }, "badge lookup failed");
    return badge(request, target.format, null, "no-store");
  }
}
