import type { Report } from "@lastcall/analyzer";
import { findLatestDefaultBranchScan, findRepository, listRepositoryHistory, listRepositoryScans } from "@lastcall/db";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { BadgeSnippets } from "@/components/badge-snippets";
import { HistoryChart } from "@/components/history-chart";
import { ReportView } from "@/components/report/report-view";
import { RescanButton } from "@/components/rescan-button";
import { ScanStatusLabel } from "@/components/scan-status-label";
import { getRuntime } from "@/server/runtime";
import { formatDateTime, shortSha } from "@/view/format";
import { repositoryUrl } from "@/view/github-links";
import { siteOrigin } from "@/view/site-origin";

export const dynamic = "force-dynamic";

const HISTORY_POINTS = 50;
const PAST_SCANS = 20;

type RepositoryPageProps = { params: Promise<{ owner: string; repo: string }> };

/** Private repositories are not shown: there is no sign-in yet to check access on GitHub. */
const loadRepository = cache(async (owner: string, name: string) => {
  const { db, config } = getRuntime();
  const repository = await findRepository(db, { host: config.githubServer.host, owner, name });
  return repository === null || repository.private ? null : repository;
});

export async function generateMetadata({ params }: RepositoryPageProps): Promise<Metadata> {
  const { owner, repo } = await params;
  const repository = await loadRepository(owner, repo);
  return repository === null ? {} : { title: `${repository.owner}/${repository.name}` };
}

export default async function RepositoryPage({ params }: RepositoryPageProps) {
  const { owner, repo } = await params;
  const repository = await loadRepository(owner, repo);
  if (repository === null) notFound();

  const { db, config } = getRuntime();
  const [latest, history, scans, requestHeaders] = await Promise.all([
    findLatestDefaultBranchScan(db, repository.id),
    listRepositoryHistory(db, repository.id, { limit: HISTORY_POINTS }),
    listRepositoryScans(db, repository.id, { limit: PAST_SCANS }),
    headers(),
  ]);
  const webUrl = repositoryUrl(config.githubServer, repository.owner, repository.name);
  const report = latest?.report as unknown as Report | null | undefined;

  return (
    <>
      <header className="page-header page-header--with-action">
        <div>
          <p className="page-header__kicker">Repository</p>
          <h1>
            {repository.owner}/{repository.name}
          </h1>
          <p className="muted">
            <a href={webUrl}>{webUrl}</a>
            {repository.defaultBranch === null ? null : ` · default branch ${repository.defaultBranch}`}
          </p>
        </div>
        <RescanButton url={webUrl} label="Scan again" />
      </header>

      <div className="repository-overview">
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Score history</h2>
          <HistoryChart history={history} />
        </section>
        <section aria-labelledby="badge-heading">
          <h2 id="badge-heading">Badge</h2>
          <BadgeSnippets
            origin={siteOrigin(config.publicUrl, requestHeaders)}
            owner={repository.owner}
            name={repository.name}
            latestScanId={latest?.id}
          />
        </section>
      </div>

      <section aria-labelledby="latest-heading" className="repository-report">
        <h2 id="latest-heading">Latest report of the default branch</h2>
        {latest === null || report === null || report === undefined ? (
          <p>No completed scan of the default branch yet.</p>
        ) : (
          <ReportView report={report} scan={latest} repository={repository} githubServer={config.githubServer} />
        )}
      </section>

      <section aria-labelledby="past-heading">
        <h2 id="past-heading">Past scans</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">Commit</th>
                <th scope="col">Ref</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {scans.map((scan) => (
                <tr key={scan.id}>
                  <th scope="row">
                    <Link href={`/scans/${scan.id}`}>{formatDateTime(scan.createdAt)}</Link>
                  </th>
                  <td>{scan.commitSha === null ? "—" : <code>{shortSha(scan.commitSha)}</code>}</td>
                  <td>{scan.pullRequestNumber === null ? (scan.ref ?? "default branch") : `pull request #${scan.pullRequestNumber}`}</td>
                  <td>
                    <ScanStatusLabel scan={scan} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
