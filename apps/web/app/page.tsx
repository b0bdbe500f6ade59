import { listRecentPublicScans, listTopRepositories } from "@lastcall/db";
import Link from "next/link";
import { GradeBadge } from "@/components/grade-badge";
import { ScanForm } from "@/components/scan-form";
import { ScanStatusLabel } from "@/components/scan-status-label";
import { getRuntime } from "@/server/runtime";
import { formatDateTime, shortSha } from "@/view/format";

export const dynamic = "force-dynamic";

const LIST_LENGTH = 8;

export default async function HomePage() {
  const { db, config } = getRuntime();
  const [recent, top] = await Promise.all([
    listRecentPublicScans(db, { limit: LIST_LENGTH }),
    listTopRepositories(db, { limit: LIST_LENGTH }),
  ]);
  return (
    <>
      <section className="hero" aria-labelledby="hero-heading">
        <h1 id="hero-heading">Does your MCP server shut down safely?</h1>
        <p className="hero__lede">
          Lastcall reads the code of a Model Context Protocol server and checks what happens when it is stopped: whether it notices SIGTERM
          or its client closing stdin, stops taking work, closes its connections, flushes its logs and revokes its credentials before the
          platform kills it. Paste a GitHub repository to get a score, a grade, and findings with file:line evidence and a fix.
        </p>
        <ScanForm placeholder={`${config.githubServer.origin}/owner/repo`} />
      </section>
      <div className="home-lists">
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent scans</h2>
          {recent.length === 0 ? (
            <p className="muted">No scans yet.</p>
          ) : (
            <ul className="item-list">
              {recent.map((scan) => (
                <li key={scan.id} className="item-list__item">
                  <Link href={`/scans/${scan.id}`} className="item-list__main">
                    {scan.repository.owner}/{scan.repository.name}
                  </Link>
                  <span className="item-list__detail">
                    {scan.commitSha === null ? (scan.ref ?? "default branch") : shortSha(scan.commitSha)} · {formatDateTime(scan.createdAt)}
                  </span>
                  <ScanStatusLabel scan={scan} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="top-heading">
          <h2 id="top-heading">Best-scoring repositories</h2>
          {top.length === 0 ? (
            <p className="muted">No scored repositories yet.</p>
          ) : (
            <ol className="item-list">
              {top.map((entry) => (
                <li key={entry.scanId} className="item-list__item">
                  <Link href={`/r/${entry.owner}/${entry.name}`} className="item-list__main">
                    {entry.owner}/{entry.name}
                  </Link>
                  <span className="item-list__detail">latest default-branch scan, {shortSha(entry.commitSha)}</span>
                  <span className="scan-score">
                    <GradeBadge grade={entry.grade} />
                    <span>{entry.score}</span>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </>
  );
}
