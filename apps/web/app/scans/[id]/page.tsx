import type { Report } from "@lastcall/analyzer";
import { getScan } from "@lastcall/db";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { ReportView } from "@/components/report/report-view";
import { RescanButton } from "@/components/rescan-button";
import { ScanProgress } from "@/components/scan-progress";
import { pageViewer } from "@/server/auth/page-viewer";
import { getRuntime } from "@/server/runtime";
import { formatDateTime, shortSha } from "@/view/format";
import { repositoryUrl } from "@/view/github-links";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ScanPageProps = { params: Promise<{ id: string }> };

/**
 * One lookup per request, shared by the metadata and the page. A private repository's scans are shown only
 * to signed-in users who can read it on GitHub; to others they do not exist.
 */
const loadScan = cache(async (id: string) => {
  const viewer = await pageViewer();
  // Anything but a UUID cannot be a scan, and PostgreSQL would reject it as a uuid value.
  if (!UUID.test(id)) return null;
  const scan = await getScan(getRuntime().db, id);
  return scan === null || !(await viewer.canRead(scan.repository)) ? null : scan;
});

export async function generateMetadata({ params }: ScanPageProps): Promise<Metadata> {
  const scan = await loadScan((await params).id);
  if (scan === null) return {};
  const title = `${scan.repository.owner}/${scan.repository.name}`;
  return { title: scan.status === "done" && scan.grade !== null ? `${title}: ${scan.grade} (${scan.score})` : `Scan of ${title}` };
}

export default async function ScanPage({ params }: ScanPageProps) {
  const scan = await loadScan((await params).id);
  if (scan === null) notFound();
  // A ref scan that resolved to a commit scanned already is only a pointer to that scan.
  if (scan.duplicateOfId !== null) redirect(`/scans/${scan.duplicateOfId}`);

  const { config } = getRuntime();
  const { owner, name } = scan.repository;
  const report = scan.status === "done" ? (scan.report as unknown as Report | null) : null;
  const what = [
    scan.ref === null ? undefined : `ref ${scan.ref}`,
    scan.commitSha === null ? undefined : `commit ${shortSha(scan.commitSha)}`,
    `requested ${formatDateTime(scan.createdAt)}`,
  ].filter((part) => part !== undefined);

  return (
    <>
      <header className="page-header">
        <p className="page-header__kicker">Scan</p>
        <h1>
          <Link href={`/r/${owner}/${name}`}>
            {owner}/{name}
          </Link>
        </h1>
        <p className="muted">{what.join(" · ")}</p>
      </header>
      {report !== null ? (
        <ReportView report={report} scan={scan} repository={scan.repository} githubServer={config.githubServer} />
      ) : scan.status === "failed" || scan.status === "done" ? (
        <section className="scan-failed" aria-labelledby="failed-heading">
          <h2 id="failed-heading">The scan failed</h2>
          <p className="scan-failed__reason">{scan.errorMessage ?? "No reason was recorded."}</p>
          {/* A private repository is scanned on pushes through the GitHub App; a URL submission cannot fetch it. */}
          {scan.repository.private ? null : (
            <RescanButton
              url={repositoryUrl(config.githubServer, owner, name)}
              scanRef={scan.ref ?? scan.commitSha ?? undefined}
              label="Try again"
            />
          )}
        </section>
      ) : (
        <ScanProgress scanId={scan.id} initial={{ stage: scan.status, filesDone: scan.filesDone, filesTotal: scan.filesTotal }} />
      )}
    </>
  );
}
