import { githubCloneUrl, githubNameProblem } from "./github-clone-url.js";
import { refNameProblem } from "./ref-name.js";

/** A repository on the configured GitHub server, as `lastcall audit <url>` names it. */
export interface GithubRepo {
  owner: string;
  repo: string;
  /** Branch, tag or full commit sha from `/tree/<ref>`; the default branch when absent. */
  ref?: string;
  /** Directory inside the repository from `/tree/<ref>/<subdir>`, forward slashes. */
  subdir?: string;
  /** What git clones: `<server>/<owner>/<repo>.git`. */
  cloneUrl: string;
  /** Canonical web URL, recorded as the report's target (never the temporary checkout). */
  webUrl: string;
}

export type ParseGithubUrlResult = { ok: true; repo: GithubRepo } | { ok: false; reason: string };

const MAX_INPUT_LENGTH = 2048;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const USAGE = "expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO";

function fail(reason: string): ParseGithubUrlResult {
  return { ok: false, reason };
}

/** Path segments, decoded; undefined when one is not valid percent-encoding. */
function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/**
 * Turns what the user typed into a repository on `server`, or a reason why not. Everything is
 * checked before git sees it: the URL ends up on git's command line, so a crafted one could
 * otherwise smuggle options (`-u…`), other protocols (`ext::`, `file://`), credentials, other hosts
 * (SSRF) or path tricks.
 *
 * A ref containing `/` must be percent-encoded (`/tree/feature%2Fx`): a plain `/tree/a/b` is read
 * as ref `a` and directory `b`, because telling them apart would need the remote's ref list.
 */
export function parseGithubUrl(input: string, server: URL): ParseGithubUrlResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(`the URL is longer than ${MAX_INPUT_LENGTH} characters`);
  if (CONTROL_CHARACTER.test(input)) return fail("the URL contains control characters");
  if (/\s/.test(input)) return fail("the URL contains whitespace");
  if (input.includes("\\")) return fail("the URL contains a backslash");

  if (/^[^/:]+@[^/:]+:/.test(input)) return fail(`ssh (scp-style) URLs are not accepted; ${USAGE}`);
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(input);
  const onServerHost = !hasScheme && input.startsWith(`${server.host}/`);
  const shorthand = !hasScheme && !onServerHost && /^[^/]+\/[^/]+\/?$/.test(input);
  if (!hasScheme && !onServerHost && !shorthand) return fail(USAGE);
  const absolute = hasScheme ? input : onServerHost ? `${server.protocol}//${input}` : `${server.origin}/${input}`;

  // Dot segments must be caught before URL parsing, which would silently resolve them away; an
  // encoded `/` (`a%2F..`) must not hide one either.
  const rawPath = absolute.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, "").replace(/[?#].*$/, "");
  const rawSegments = decodeSegments(rawPath)?.flatMap((segment) => segment.split("/"));
  if (rawSegments === undefined) return fail("the URL has malformed percent-encoding");
  if (rawSegments.some((segment) => segment === ".." || segment === ".")) return fail('the URL must not contain "." or ".." segments');
  if (rawSegments.some((segment) => CONTROL_CHARACTER.test(segment))) return fail("the URL contains encoded control characters");

  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return fail(`not a valid URL: ${input}`);
  }
  if (url.protocol !== server.protocol) return fail(`only ${server.protocol}// URLs are accepted, not ${url.protocol}`);
  if (url.username !== "" || url.password !== "") return fail("credentials in the URL are not accepted");
  if (url.hostname !== server.hostname) return fail(`only repositories on ${server.hostname} are accepted, not ${url.hostname}`);
  if (url.port !== server.port) return fail(`port ${url.port || "(default)"} is not accepted; ${server.host} is configured`);

  const segments = decodeSegments(url.pathname.slice(1).replace(/\/$/, "")) ?? [];
  if (segments.length < 2) return fail(USAGE);
  if (segments.some((segment) => segment === "")) return fail(`empty path segment in ${url.pathname}`);
  const [owner = "", repoSegment = "", tree, ref, ...subdir] = segments;
  if (segments.length > 2 && (tree !== "tree" || ref === undefined)) return fail(`unsupported path ${url.pathname}; ${USAGE}`);
  const repo = repoSegment.replace(/\.git$/, "");
  const problem =
    githubNameProblem("owner", owner) ?? githubNameProblem("repository", repo) ?? (ref === undefined ? undefined : refNameProblem(ref));
  if (problem) return fail(problem);

  const base = `${server.origin}/${owner}/${repo}`;
  const subdirPath = subdir.length > 0 ? subdir.join("/") : undefined;
  const webUrl =
    ref === undefined ? base : `${base}/tree/${encodeURIComponent(ref)}${subdirPath ? `/${subdir.map(encodeURIComponent).join("/")}` : ""}`;
  return {
    ok: true,
    repo: {
      owner,
      repo,
      ...(ref === undefined ? {} : { ref }),
      ...(subdirPath === undefined ? {} : { subdir: subdirPath }),
      cloneUrl: githubCloneUrl(server, owner, repo),
      webUrl,
    },
  };
}
