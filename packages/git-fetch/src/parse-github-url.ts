import { githubCloneUrl, githubNameProblem } from "./github-clone-url.js";
import { hasNonAsciiHost, hostProblem } from "./host-problem.js";
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
/**
 * Characters that print as nothing or change how the rest prints: format characters (zero-width
 * spaces, the bidirectional controls of "Trojan Source", CVE-2021-42574), other default-ignorable
 * ones, line and paragraph separators, private-use characters and lone surrogates. A URL shown
 * back to a reader must look like what it is.
 */
const NON_PRINTING = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** `host:port/…` without a scheme, which would otherwise read as the scheme `host:`. */
const HOST_AND_PORT = /^[^/:@]+:\d+(\/|$)/;
const USAGE = "expected https://HOST/OWNER/REPO[/tree/REF[/SUBDIR]] or OWNER/REPO";

function fail(reason: string): ParseGithubUrlResult {
  return { ok: false, reason };
}

/** `U+200B`, as messages name a character that cannot be shown. */
function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Path segments, decoded; undefined when one is not valid percent-encoding. */
function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** Why the characters of `text` (the input, or a decoded path segment) cannot be in a URL we accept. */
function characterProblem(text: string, encoded: boolean): string | undefined {
  const what = encoded ? "encoded " : "";
  if (CONTROL_CHARACTER.test(text)) return `the URL contains ${what}control characters`;
  const invisible = NON_PRINTING.exec(text)?.[0];
  if (invisible !== undefined) return `the URL contains an ${what}invisible or non-printing character (${codePoint(invisible)})`;
  return undefined;
}

/**
 * A scheme-less input that starts with a host (`github.com/…`, `127.0.0.1:8123/…`, `[::1]/…`,
 * `user@host/…`, `localhost/…`), so that it meets the same host checks as a full URL instead of
 * being read as OWNER/REPO. `host:port/…` is told apart from a scheme (`file:…`) by its digits.
 */
function startsWithHost(input: string): boolean {
  if (HOST_AND_PORT.test(input)) return true;
  if (SCHEME.test(input)) return false;
  const first = input.split("/", 1)[0] ?? "";
  // `..` is a path segment (refused as such below), not a host.
  return first === "localhost" || (/[.@[]/.test(first) && !/^\.+$/.test(first)) || hasNonAsciiHost(first);
}

/**
 * Turns what the user typed into a repository on `server`, or a specific reason why not. Everything
 * is checked before git sees it: the URL ends up on git's command line, so a crafted one could
 * otherwise smuggle options (`-u…`), other protocols (`ext::`, `file://`), credentials, other hosts
 * (SSRF: internal addresses, look-alikes of the server) or path tricks.
 *
 * Normalised: the scheme's and host's case, a `.git` suffix (any case), trailing slashes, a query or
 * fragment (dropped). Owner and repository keep their case (GitHub matches them ignoring it; so does
 * the database). A ref containing `/` must be percent-encoded (`/tree/feature%2Fx`): a plain
 * `/tree/a/b` is read as ref `a` and directory `b`, because telling them apart would need the
 * remote's ref list.
 */
export function parseGithubUrl(input: string, server: URL): ParseGithubUrlResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(`the URL is longer than ${MAX_INPUT_LENGTH} characters`);
  const characters = characterProblem(input, false);
  if (characters) return fail(characters);
  if (/\s/.test(input)) return fail("the URL contains whitespace");
  if (input.includes("\\")) return fail("the URL contains a backslash");
  if (input.startsWith("-")) return fail(`the URL must not start with "-", which git could read as an option: ${input.slice(0, 100)}`);
  const transport = /^([A-Za-z][A-Za-z0-9+.-]*)::/.exec(input)?.[1];
  if (transport !== undefined) return fail(`git remote-helper syntax (${transport}::…) is not accepted; ${USAGE}`);

  if (/^[^/:]+@[^/:]+:/.test(input) && !HOST_AND_PORT.test(input.replace(/^[^@]*@/, ""))) {
    return fail(`ssh (scp-style) URLs are not accepted; ${USAGE}`);
  }
  const hostFirst = startsWithHost(input);
  const hasScheme = !hostFirst && SCHEME.test(input);
  const shorthand = !hasScheme && !hostFirst && /^[^/]+\/[^/]+\/*$/.test(input);
  if (!hasScheme && !hostFirst && !shorthand) return fail(USAGE);
  const absolute = hasScheme ? input : hostFirst ? `${server.protocol}//${input}` : `${server.origin}/${input}`;

  // Dot segments must be caught before URL parsing, which would silently resolve them away; an
  // encoded `/` (`a%2F..`) must not hide one either.
  const rawPath = absolute.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, "").replace(/[?#].*$/, "");
  const rawSegments = decodeSegments(rawPath)?.flatMap((segment) => segment.split("/"));
  if (rawSegments === undefined) return fail("the URL has malformed percent-encoding");
  if (rawSegments.some((segment) => segment === ".." || segment === ".")) return fail('the URL must not contain "." or ".." segments');
  const encodedCharacters = rawSegments.map((segment) => characterProblem(segment, true)).find(Boolean);
  if (encodedCharacters) return fail(encodedCharacters);

  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return fail(`not a valid URL: ${input}`);
  }
  const rawHost = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]/?#]*\]|[^/?#:]*)/.exec(absolute)?.[1] ?? url.hostname;
  if (url.protocol !== server.protocol) return fail(`only ${server.protocol}// URLs are accepted, not ${url.protocol}`);
  if (url.username !== "" || url.password !== "") return fail("credentials in the URL are not accepted");
  // A non-ASCII spelling that the URL parser maps onto the server's own name (fullwidth letters) is
  // refused too: what a reader sees must be what is fetched.
  const idnServer = server.hostname.split(".").some((label) => label.startsWith("xn--"));
  if (url.hostname !== server.hostname || (hasNonAsciiHost(rawHost) && !idnServer)) {
    return fail(hostProblem(rawHost, url.hostname, server));
  }
  if (url.port !== server.port) return fail(`port ${url.port || "(default)"} is not accepted; ${server.host} is configured`);

  const segments = decodeSegments(url.pathname.slice(1).replace(/\/+$/, "")) ?? [];
  if (segments.length < 2) return fail(USAGE);
  if (segments.some((segment) => segment === "")) return fail(`empty path segment in ${url.pathname}`);
  const [owner = "", repoSegment = "", tree, ref, ...subdir] = segments;
  if (segments.length > 2 && (tree !== "tree" || ref === undefined)) return fail(`unsupported path ${url.pathname}; ${USAGE}`);
  // GitHub refuses repository names ending in `.git`, so the suffix is never part of a name.
  const repo = repoSegment.replace(/\.git$/i, "");
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
