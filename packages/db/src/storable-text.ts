/**
 * PostgreSQL's text and jsonb cannot hold U+0000, and repository contents can: a source file with a
 * NUL byte past the analyzer's binary sniff, quoted in a finding's excerpt, would make the whole
 * report unstorable. Each NUL becomes U+FFFD, as the analyzer shows other bytes it cannot decode.
 */
export function storableText(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}

/** A copy of JSON-shaped data with `storableText` applied to every string in it. */
export function storableJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "string" ? storableText(inner) : inner))) as T;
}
