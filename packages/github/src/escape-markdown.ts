// Every ASCII punctuation character may be backslash-escaped in CommonMark (spec 2.4), which makes it
// literal text: no emphasis, links, table cells, raw HTML (`\<`), entities (`\&`) or mentions (`\@`).
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
// Line breaks would end a list item or table row; other control characters have no business in a summary.
const CONTROL = /\p{Cc}/gu;
// Bidirectional overrides can make a hostile file name display as another (CVE-2021-42574, "Trojan Source").
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes untrusted text (file paths, messages, branch names) render literally in GitHub Markdown, on one
 * line. The result is at most twice as long as the input.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(CONTROL, " ").replace(BIDI_CONTROL, "\ufffd").replace(ASCII_PUNCTUATION, "\\$&");
}
