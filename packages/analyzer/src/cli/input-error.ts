/**
 * A problem with what the user asked for (a bad URL, a missing directory, a clone that failed):
 * reported as one line on stderr with exit code 2, never with a stack trace.
 */
export class InputError extends Error {
  override readonly name = "InputError";
}
