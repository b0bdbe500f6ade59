import { makeBadge } from "badge-maker";

export type BadgeFormat = "svg" | "json";

export interface BadgeContent {
  label: string;
  message: string;
  color: string;
}

const LABEL = "shutdown";

const GRADE_COLORS: Record<string, string> = { A: "brightgreen", B: "green", C: "yellow", D: "orange", F: "red" };

/** The result a badge shows: the latest completed default-branch scan's score and grade. */
export interface BadgeScan {
  scored: boolean | null;
  score: number | null;
  grade: string | null;
}

/**
 * "87 · B" in the grade's colour; grey "not scanned" for a repository without a completed scan, and
 * grey "not scored" for one whose latest scan found nothing to score (no MCP server, say).
 */
export function badgeContent(scan: BadgeScan | null): BadgeContent {
  if (scan === null) return { label: LABEL, message: "not scanned", color: "lightgrey" };
  if (scan.scored !== true || scan.score === null || scan.grade === null)
    return { label: LABEL, message: "not scored", color: "lightgrey" };
  return { label: LABEL, message: `${scan.score} · ${scan.grade}`, color: GRADE_COLORS[scan.grade] ?? "lightgrey" };
}

/**
 * The badge as SVG (badge-maker builds it as an element tree and escapes every text) or as a
 * shields.io endpoint document (`https://img.shields.io/endpoint?url=…`).
 */
export function renderBadge(content: BadgeContent, format: BadgeFormat): { body: string; contentType: string } {
  if (format === "svg") return { body: makeBadge(content), contentType: "image/svg+xml; charset=utf-8" };
  return { body: JSON.stringify({ schemaVersion: 1, ...content }), contentType: "application/json" };
}

/** `repo.svg` → ["repo", "svg"]; undefined for any other extension. */
export function splitBadgeFile(file: string): { repo: string; format: BadgeFormat } | undefined {
  const match = /^(.*)\.(svg|json)$/.exec(file);
  if (match === null) return undefined;
  return { repo: match[1] ?? "", format: match[2] as BadgeFormat };
}
