import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type GithubRepo, parseGithubUrl } from "@lastcall/git-fetch";
import { InputError } from "./input-error.js";

export type AuditTarget = { kind: "directory"; dir: string } | { kind: "github"; repo: GithubRepo };

/**
 * What `lastcall audit <target>` names. A URL is parsed strictly; an existing directory wins over
 * the `OWNER/REPO` shorthand, which is tried only when no such directory exists.
 */
export async function resolveAuditTarget(input: string, options: { cwd: string; server: URL }): Promise<AuditTarget> {
  const github = () => {
    const parsed = parseGithubUrl(input, options.server);
    if (!parsed.ok) throw new InputError(`cannot audit ${input}: ${parsed.reason}`);
    return { kind: "github" as const, repo: parsed.repo };
  };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/|^[^/:]+@[^/:]+:/.test(input) || input.startsWith(`${options.server.host}/`)) return github();

  const dir = resolve(options.cwd, input);
  const stats = await stat(dir).catch(() => undefined);
  if (stats?.isDirectory()) return { kind: "directory", dir };
  if (stats) throw new InputError(`not a directory: ${input}`);
  // `./x/y`, `../x` and `~/x` are paths the user expected to exist, not repositories.
  if (/^[^./~][^/]*\/[^/]+\/?$/.test(input)) return github();
  throw new InputError(`no such directory: ${input}`);
}
