import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { githubServerUrlSchema, pickGitEnv } from "@lastcall/git-fetch";
import { z } from "zod";

const cliEnvSchema = z.object({
  /** Set by GitHub Actions; GitHub Enterprise Server users point it at their own host. */
  GITHUB_SERVER_URL: githubServerUrlSchema,
  TMPDIR: z.string().min(1).optional(),
  NO_COLOR: z.string().optional(),
});

export interface CliEnv {
  /** The only host repository URLs may name. */
  githubServer: URL;
  /** Where remote repositories are cloned, each into a fresh directory. */
  tempRoot: string;
  /** https://no-color.org: any non-empty value turns colour off. */
  noColor: boolean;
  /** The variables git may see: finding itself, proxies, CA bundles. Nothing else is passed on. */
  gitEnv: Record<string, string>;
}

/**
 * The CLI's only reader of environment variables, run once at start-up (STYLE.md: env is parsed
 * once, with zod). A bad value stops the CLI with a message naming the variable.
 */
export function parseCliEnv(env: Readonly<Record<string, string | undefined>>): { ok: true; env: CliEnv } | { ok: false; message: string } {
  const parsed = cliEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `invalid environment: ${issue?.path.join(".")} ${issue?.message}` };
  }
  return {
    ok: true,
    env: {
      githubServer: parsed.data.GITHUB_SERVER_URL,
      tempRoot: resolve(parsed.data.TMPDIR ?? tmpdir()),
      noColor: (parsed.data.NO_COLOR ?? "") !== "",
      gitEnv: pickGitEnv(env),
    },
  };
}
