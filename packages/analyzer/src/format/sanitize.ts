/**
 * C0/C1 control characters (except tab and newline) and the Unicode bidirectional controls
 * used in "Trojan Source" attacks (CVE-2021-42574). Audited repositories are untrusted: a file
 * name or source line must not be able to move the cursor, recolour the terminal or reorder
 * what a reviewer reads.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const unsafeCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces unsafe characters with a visible `<U+XXXX>` so that their presence is not hidden. */
export function makeVisible(text: string): string {
  return text.replace(unsafeCharacters, (character) => `<U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** For fields shown on one line (messages, file names, reasons). */
export function singleLine(text: string): string {
  return makeVisible(text.replace(/\r\n|\r|\n|\t/g, " "));
}
