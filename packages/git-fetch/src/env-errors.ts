import type { z } from "zod";

/**
 * An app's bad environment as one message that names every variable at fault, so that an operator
 * fixes them all in one go: `X is required` when X is unset, `X <what is wrong>` otherwise.
 */
export function describeEnvIssues(error: z.ZodError, env: Readonly<Record<string, string | undefined>>): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join(".");
      return env[name] === undefined ? `${name} is required` : `${name} ${issue.message}`;
    })
    .join("; ");
}
