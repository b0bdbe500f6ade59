import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { pino } from "pino";
import { repositoryName } from "../api/repository-name.js";
import { badgeTokenMatches } from "../auth/badge-token.js";
import { BADGE_CACHE_CONTROL, matchesIfNoneMatch, PRIVATE_BADGE_CACHE_CONTROL } from "./badge-caching.js";
import type { BadgeRecord, BadgeRecords } from "./badge-records.js";
import { renderedBadge } from "./rendered-badge.js";
import { type BadgeFormat, type BadgeScan, badgeContent, splitBadgeFile } from "./repository-badge.js";

export interface BadgeServerDeps {
  records: BadgeRecords;
  /** The configured GitHub server: badges are of its repositories. */
  githubServer: URL;
  logger: pino.Logger;
}

const BADGE_PATH = /^\/badge\/([^/?#]*)\/([^/?#]*)(?:\?([^#]*))?$/;

/** Only what can be said about the path: a name that is not valid percent-encoding names no repository. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Added to the standard security headers server.ts has set already. */
function send(response: ServerResponse, status: number, body: Buffer | string, headers: OutgoingHttpHeaders) {
  response.writeHead(status, headers);
  response.end(body);
}

function sendError(response: ServerResponse, status: number, code: string, message: string, headers = {}) {
  const body = JSON.stringify({ error: { code, message } });
  send(response, status, body, { "content-type": "application/json", "cache-control": "no-store", ...headers });
}

function sendBadge(request: IncomingMessage, response: ServerResponse, format: BadgeFormat, scan: BadgeScan | null, cacheControl: string) {
  const badge = renderedBadge(badgeContent(scan), format);
  const headers = {
    etag: badge.etag,
    "cache-control": cacheControl,
    "content-type": badge.contentType,
    // Opened on its own, the SVG is a document: it may style itself and nothing else.
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  };
  if (matchesIfNoneMatch(request.headers["if-none-match"], badge.etag)) send(response, 304, "", headers);
  else send(response, 200, badge.body, { ...headers, "content-length": badge.body.length });
}

/**
 * What the badge shows and how long others may cache it. A private repository's score shows only with
 * its badge token; without it, the badge (headers and all) is the unknown repository's, so that it does
 * not even tell that the repository exists.
 */
function badgeOf(record: BadgeRecord, token: string | null): { scan: BadgeScan | null; cacheControl: string } {
  if (record.repository === null) return { scan: null, cacheControl: BADGE_CACHE_CONTROL };
  if (!record.repository.private) return { scan: record.scan, cacheControl: BADGE_CACHE_CONTROL };
  if (!badgeTokenMatches(record.repository.badgeToken, token)) return { scan: null, cacheControl: BADGE_CACHE_CONTROL };
  return { scan: record.scan, cacheControl: PRIVATE_BADGE_CACHE_CONTROL };
}

/**
 * `/badge/<owner>/<repo>.svg|.json` (`?token=` for a private repository), answered here rather than by
 * Next: READMEs fetch badges far more often than anyone opens a page, and Next's route pipeline and a
 * database query per request cost most of a badge's time (docs/benchmarks.md). Returns false for any
 * other path, which is Next's to serve.
 *
 * Whatever the names, the answer is a badge with status 200 (a README must never show a broken image):
 * unknown repositories, impossible names and private repositories without their token get the grey
 * "not scanned" one. If the database fails, that grey badge too, but not cached.
 */
export function serveBadge(request: IncomingMessage, response: ServerResponse, deps: BadgeServerDeps): boolean {
  const match = BADGE_PATH.exec(request.url ?? "");
  if (match === null) return false;
  if (request.method !== "GET" && request.method !== "HEAD") {
    sendError(response, 405, "method_not_allowed", "Badges are read with GET", { allow: "GET, HEAD" });
    return true;
  }
  const rawFile = match[2] ?? "";
  const file = decodeSegment(rawFile);
  // The format is known even when the name is not valid percent-encoding: that name gets the grey badge.
  const target = splitBadgeFile(file ?? rawFile);
  if (target === undefined) {
    sendError(response, 404, "not_found", "Badges are <repo>.svg or <repo>.json");
    return true;
  }
  const owner = decodeSegment(match[1] ?? "");
  const name = owner === undefined || file === undefined ? undefined : repositoryName(owner, target.repo, deps.githubServer);
  if (name === undefined) {
    sendBadge(request, response, target.format, null, BADGE_CACHE_CONTROL);
    return true;
  }
  const token = new URLSearchParams(match[3] ?? "").get("token");
  deps.records.get({ host: deps.githubServer.host, ...name }).then(
    (record) => {
      const { scan, cacheControl } = badgeOf(record, token);
      sendBadge(request, response, target.format, scan, cacheControl);
    },
    (error: unknown) => {
      deps.logger.error({ err: error, path: match[0].split("?")[0] }, "badge lookup failed");
      sendBadge(request, response, target.format, null, "no-store");
    },
  );
  return true;
}
