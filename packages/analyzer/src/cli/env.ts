import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";

/** 127.0.0.0/8, ::1 and localhost: the only hosts a plain-http git server may run on (tests, local mirrors). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const githubServerUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://github.com" })
  .default("https://github.com")
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === "https:" || isLoopbackHost(url.hostname), "plain http is allowed only on a loopback host")
  .refine((url) => url.username === "" && url.password === "", "must not contain credentials")
  .refine((url) => url.pathname === "/" && url.search === "" && url.hash === "", "must be an origin, with no path, query or fragment");

const cliEnvSchema = z.object({
  /** Set by GitHub Actions; GitHub Enterprise Server users point it at their own host. */
  GITHUB_SERVER_URL: githubServerUrl,
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
 * Everything else stays out of git's environment: GIT_DIR, GIT_CONFIG_*, GIT_SSH_COMMAND or an
 * askpass helper inherited from the caller could redirect the clone or leak credentials to it.
 */
const GIT_PASS_THROUGH = [
  "PATH",
  "HOME",
  "SYSTEMROOT",
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "ALL_PROXY",
  "all_proxy",
  "NO_PROXY",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "GIT_SSL_CAINFO",
];

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
      gitEnv: Object.fromEntries(
        GIT_PASS_THROUGH.flatMap((name) => {
          const value = env[name];
          return value === undefined ? [] : [[name, value]];
        }),
      ),
    },
  };
}
