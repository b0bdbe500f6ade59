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
import { pageViewer } from "@/server/auth/page-viewer";
import { getRuntime } from "@/server/runtime";
import { formatDateTime, shortSha } from "@/view/format";
import { repositoryUrl } from "@/view/github-links";
import { siteOrigin } from "@/view/site-origin";

export const dynamic = "force-dynamic";

const HISTORY_POINTS = 50;
const PAST_SCANS = 20;

type RepositoryPageProps = { params: Promise<{ owner: string; repo: string }> };

/** A private repository is shown only to signed-in users who can read it on GitHub; to others it does not exist. */
const loadRepository = cache(async (owner: string, name: string) => {
  const viewer = await pageViewer();
  const { db, config } = getRuntime();
  const repository = await findRepository(db, { host: config.githubServer.host, owner, name });
  return repository === null || !(await viewer.canRead(repository)) ? null : repository;
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
  const [latest, history, scans, requestHeaders, admin] = await Promise.all([
    findLatestDefaultBranchScan(db, repository.id),
    listRepositoryHistory(db, repository.id, { limit: HISTORY_POINTS }),
    listRepositoryScans(db, repository.id, { limit: PAST_SCANS }),
    headers(),
    repository.private ? (await pageViewer()).isAdmin(repository) : false,
  ]);
  const badgeProps = {
    origin: siteOrigin(config.publicUrl, requestHeaders),
    owner: repository.owner,
    name: repository.name,
    latestScanId: latest?.id,
  };
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
        {/* A private repository is scanned on pushes through the GitHub App; a URL submission cannot fetch it. */}
        {repository.private ? null : <RescanButton url={webUrl} label="Scan again" />}
      </header>

      <div className="repository-overview">
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Score history</h2>
          <HistoryChart history={history} />
        </section>
        <section aria-labelledby="badge-heading" id="badge">
          <h2 id="badge-heading">Badge</h2>
          {!repository.private ? (
            <BadgeSnippets {...badgeProps} />
          ) : admin ? (
            <>
              {repository.badgeToken === null ? (
                <p>This repository is private: its badge shows the score only with a token in its URL. Create one to get the badge.</p>
              ) : (
                <>
                  <BadgeSnippets {...badgeProps} token={repository.badgeToken} />
                  <p className="muted">
                    The token in these URLs lets anyone who has them see the score. Rotate it if it leaks: the old URLs then show a grey
                    badge.
                  </p>
                </>
              )}
              <form method="post" action={`/r/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.name)}/badge-token`}>
                <button type="submit" className="button button--secondary button--small">
                  {repository.badgeToken === null ? "Create badge token" : "Rotate badge token"}
                </button>
              </form>
            </>
          ) : (
            <p className="muted">This repository is private: its badge needs a token, which its admins on GitHub find here.</p>
          )}
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
