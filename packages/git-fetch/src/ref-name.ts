/** A full commit sha, SHA-1 or SHA-256. */
export const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * Why `ref` cannot name a branch or tag, or undefined when it can: git check-ref-format's rules,
 * plus no leading `-`, so that a ref can never be read as an option.
 */
export function refNameProblem(ref: string): string | undefined {
  if (ref.length > 255) return "the ref is longer than 255 characters";
  if (ref.startsWith("-")) return `the ref must not start with "-": ${ref}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed in refs
  if (ref === "" || /[\s\u0000-\u001f\u007f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|\.lock(\/|$)|(^|\/)\./.test(ref)) {
    return `not a valid git ref: ${ref}`;
  }
  return undefined;
}
