const ELLIPSIS = "\u2026";

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Keeps the start of `text` within `max` characters, ending with "…" when cut; never splits a surrogate pair. */
export function truncateEnd(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/** Keeps the end of `text` (the informative part of a path) within `max` characters, starting with "…" when cut. */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  let start = text.length - (max - 1);
  if (isHighSurrogate(text.charCodeAt(start - 1))) start += 1;
  return ELLIPSIS + text.slice(start);
}
