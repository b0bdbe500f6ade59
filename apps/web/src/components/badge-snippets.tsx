import { CopyableCode } from "./copyable-code";

export interface BadgeSnippetsProps {
  /** Absolute origin of this site, for snippets pasted elsewhere. */
  origin: string;
  owner: string;
  name: string;
  /** The scan the badge shows now: part of the image URL here, so a browser never shows a badge it cached before a rescan. */
  latestScanId: string | undefined;
  /** A private repository's badge token, which its badge URL must carry (shown to its admins only). */
  token?: string;
}

/** `url` with the parameters that are set. */
function withQuery(url: string, parameters: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return query.size === 0 ? url : `${url}?${query}`;
}

/** The README badge and copy-ready snippets with absolute URLs, for pasting outside this site. */
export function BadgeSnippets({ origin, owner, name, latestScanId, token }: BadgeSnippetsProps) {
  const path = `${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const badge = withQuery(`${origin}/badge/${path}.svg`, { token });
  const page = `${origin}/r/${path}`;
  const alt = "Lastcall shutdown score";
  const snippets = [
    { label: "Markdown", text: `[![${alt}](${badge})](${page})` },
    { label: "HTML", text: `<a href="${page}"><img src="${badge}" alt="${alt}"></a>` },
  ];
  return (
    <div className="badge-snippets">
      <p>
        {/* biome-ignore lint/performance/noImgElement: an SVG badge from our own route; next/image would only proxy it */}
        <img
          src={withQuery(`/badge/${path}.svg`, { token, scan: latestScanId })}
          alt={`${alt} of ${owner}/${name}`}
          className="badge-snippets__image"
        />
      </p>
      {snippets.map((snippet) => (
        <CopyableCode key={snippet.label} label={snippet.label} text={snippet.text} copyLabel={`Copy ${snippet.label}`} />
      ))}
    </div>
  );
}
