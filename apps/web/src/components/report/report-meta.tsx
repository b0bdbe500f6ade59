import type { Report } from "@lastcall/analyzer";
import { formatDateTime, shortSha } from "@/view/format";
import { CopyableCode } from "../copyable-code";

export interface ReportMetaProps {
  report: Report;
  scanId: string;
  /** Undefined when the commit is unknown. */
  commit: { sha: string; url: string; reproduceCommand: string } | undefined;
  finishedAt: Date | null;
}

/** Where the report comes from: the commit, the analyzer and rule set, and how to get the same result locally. */
export function ReportMeta({ report, scanId, commit, finishedAt }: ReportMetaProps) {
  return (
    <section className="report-meta" aria-labelledby="report-meta-heading">
      <h2 id="report-meta-heading" className="visually-hidden">
        About this report
      </h2>
      <dl className="report-meta__facts">
        <div>
          <dt>Commit</dt>
          <dd>{commit === undefined ? "unknown" : <a href={commit.url}>{shortSha(commit.sha)}</a>}</dd>
        </div>
        <div>
          <dt>Analyzer</dt>
          <dd>{report.tool.version}</dd>
        </div>
        <div>
          <dt>Rule set</dt>
          <dd>{report.tool.rulesetVersion}</dd>
        </div>
        <div>
          <dt>Files</dt>
          <dd>
            {report.stats.parsed} of {report.stats.files} parsed
          </dd>
        </div>
        {finishedAt === null ? null : (
          <div>
            <dt>Scanned</dt>
            <dd>{formatDateTime(finishedAt)}</dd>
          </div>
        )}
      </dl>
      <p>
        <a href={`/api/v1/scans/${scanId}/sarif`} download>
          Download SARIF
        </a>
      </p>
      {commit === undefined ? null : (
        <CopyableCode label="Reproduce this report locally" text={commit.reproduceCommand} copyLabel="Copy command" />
      )}
    </section>
  );
}
