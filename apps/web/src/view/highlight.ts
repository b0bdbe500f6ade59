import { highlight } from "sugar-high";

/**
 * Code as HTML for `dangerouslySetInnerHTML`: sugar-high escapes the text (`<`, `>`, `&`, quotes) and wraps
 * tokens in spans coloured by the `--sh-*` variables in globals.css. Excerpts come from audited
 * repositories, so nothing else may turn them into markup.
 */
export function highlightCode(code: string): string {
  return highlight(code);
}
