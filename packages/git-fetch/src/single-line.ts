/**
 * C0/C1 control characters and the Unicode bidirectional controls of "Trojan Source"
 * (CVE-2021-42574). Messages quote what a remote server wrote to git's stderr, which must not be
 * able to move a cursor, recolour a terminal or reorder what a reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text on one line, with each unsafe character shown as a visible `<U+XXXX>`. */
export function singleLine(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\t/g, " ")
    .replace(UNSAFE_CHARACTERS, (character) => `<U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}
