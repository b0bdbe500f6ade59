import type { Metadata } from "next";
import { renderApiDocs } from "@/server/docs/api-docs";

// Rendered per request like every page: its scripts carry the request's Content-Security-Policy nonce.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "API",
  description: "Lastcall's JSON API: submit repositories, follow scans, read reports, history and badges.",
};

export default async function ApiDocsPage() {
  const html = await renderApiDocs();
  return (
    <article className="prose">
      {html === undefined ? (
        <>
          <h1>Lastcall API</h1>
          <p>
            The API documentation is <code>docs/api.md</code> in Lastcall&apos;s repository.
          </p>
        </>
      ) : (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: docs/api.md from this repository, rendered by marked
        <div dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </article>
  );
}
