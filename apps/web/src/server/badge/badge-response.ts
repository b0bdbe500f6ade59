import { findLatestDefaultBranchScan, findRepository } from "@lastcall/db";
import { errorResponse } from "../api/api-error.js";
import { repositoryName } from "../api/repository-name.js";
import { badgeTokenMatches } from "../auth/badge-token.js";
import type { WebRuntime } from "../runtime.js";
import { BADGE_CACHE_CONTROL, cacheableResponse, PRIVATE_BADGE_CACHE_CONTROL } from "./cacheable-response.js";
import { type BadgeFormat, type BadgeScan, badgeContent, renderBadge, splitBadgeFile } from "./repository-badge.js";

interface BadgeResult {
  scan: BadgeScan | null;
  cacheControl: string;
}

const NOT_SCANNED: BadgeResult = { scan: null, cacheControl: BADGE_CACHE_CONTROL };

async function latestResult(runtime: WebRuntime, owner: string, repo: string, token: string | null): Promise<BadgeResult> {
  const { config, db } = runtime;
  const name = repositoryName(owner, repo, config.githubServer);
  if (name === undefined) return NOT_SCANNED;
  const repository = await findRepository(db, { host: config.githubServer.host, ...name });
  if (repository === null) return NOT_SCANNED;
  if (!repository.private) return { scan: await findLatestDefaultBranchScan(db, repository.id), cacheControl: BADGE_CACHE_CONTROL };
  // A private repository's score shows only with its badge token; without it, the badge (headers and all)
  // is the unknown repository's, so that it does not even tell that the repository exists.
  if (!badgeTokenMatches(repository.badgeToken, token)) return NOT_SCANNED;
  return { scan: await findLatestDefaultBranchScan(db, repository.id), cacheControl: PRIVATE_BADGE_CACHE_CONTROL };
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
 * `/badge/<owner>/<repo>.svg|.json` (`?token=` for a private repository). Whatever the names, the answer is
 * a badge with status 200 (a README must never show a broken image): unknown repositories, impossible
 * names and private repositories without their token get the grey "not scanned" one. If the database
 * fails, that grey badge too, but not cached.
 */
export async function badgeResponse(request: Request, runtime: WebRuntime, owner: string, file: string): Promise<Response> {
  const target = splitBadgeFile(file);
  if (target === undefined) return errorResponse(404, "not_found", "Badges are <repo>.svg or <repo>.json");
  try {
    const token = new URL(request.url).searchParams.get("token");
    const { scan, cacheControl } = await latestResult(runtime, owner, target.repo, token);
    return badge(request, target.format, scan, cacheControl);
  } catch (error) {
    runtime.logger.error({ err: error, path: new URL(request.url).pathname }, "badge lookup failed");
    return badge(request, target.format, null, "no-store");
  }
}
