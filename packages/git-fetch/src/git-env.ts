/**
 * What git may inherit: finding itself, a home, proxies and CA bundles. Everything else stays out:
 * GIT_DIR, GIT_CONFIG_*, GIT_SSH_COMMAND or an askpass helper inherited from the caller could
 * redirect the fetch or leak credentials to it.
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

/** The `gitEnv` to pass to `fetchGithubRepo` and `resolveRef`, taken from an app's environment when it is parsed. */
export function pickGitEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    GIT_PASS_THROUGH.flatMap((name) => {
      const value = env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}
