import { CopyableCode } from "./copyable-code";

export interface BadgeSnippetsProps {
  /** Absolute origin of this site, for snippets pasted elsewhere. */
  origin: string;
  owner: string;
  name: string;
  /** The scan the badge shows now: part of the image URL here, so a browser never shows a badge it cached before a rescan. */
  latestScanId: string | undefined;
}

/** The README badge and copy-ready snippets with absolute URLs, for pasting outside this site. */
export function BadgeSnippets({ origin, owner, name, latestScanId }: BadgeSnippetsProps) {
  const path = `${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const badge = `${origin}/badge/${path}.svg`;
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
          src={`/badge/${path}.svg${latestScanId === undefined ? "" : `?scan=${latestScanId}`}`}
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
