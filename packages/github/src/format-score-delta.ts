/** "+5", "−3" (U+2212, the typographic minus) or "±0". */
export function formatScoreDelta(head: number, base: number): string {
  const delta = head - base;
  if (delta > 0) return `+${delta}`;
  if (delta < 0) return `\u2212${-delta}`;
  return "\u00b10";
}
