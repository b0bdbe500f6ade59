import { allRules, type Report } from "@lastcall/analyzer";
import { blobUrl, commitUrl, reproduceCommand } from "@/view/github-links";
import { findingsByCategory } from "@/view/report-model";
import { CategoryScores } from "./category-scores";
import { FindingCard } from "./finding-card";
import { Gates } from "./gates";
import { ReportMeta } from "./report-meta";
import { RuleOutcomes } from "./rule-outcomes";
import { ScoreSummary } from "./score-summary";
import { TopFindings } from "./top-findings";

const RATIONALE = new Map(allRules.map((rule) => [rule.meta.id, rule.meta.rationale]));

export interface ReportViewProps {
  /** The analyzer's report as stored on the scan. */
  report: Report;
  scan: { id: string; commitSha: string | null; finishedAt: Date | null };
  repository: { owner: string; name: string };
  githubServer: URL;
}

/** A scan's report, read from the stored Report: the same on the scan page and the repository page. */
export function ReportView({ report, scan, repository, githubServer }: ReportViewProps) {
  const { owner, name } = repository;
  const commit = scan.commitSha ?? report.target.commit;
  const groups = findingsByCategory(report);
  return (
    <div className="report">
      <div className="report__head">
        <ScoreSummary report={report} />
        <ReportMeta
          report={report}
          scanId={scan.id}
          commit={
            commit === undefined
              ? undefined
              : {
                  sha: commit,
                  url: commitUrl(githubServer, owner, name, commit),
                  reproduceCommand: reproduceCommand(githubServer, owner, name, commit),
                }
          }
          finishedAt={scan.finishedAt}
        />
      </div>
      <Gates gates={report.gates} />
      <TopFindings report={report} />
      <CategoryScores categories={report.categories} />
      <RuleOutcomes report={report} />
      <section aria-labelledby="findings-heading">
        <h2 id="findings-heading">Findings</h2>
        {groups.length === 0 ? <p>No findings: every rule that applies passed.</p> : null}
        {groups.map((group) => (
          <section key={group.id} className="finding-group" aria-labelledby={`category-${group.id}`}>
            <h3 id={`category-${group.id}`}>
              {group.name} <span className="muted">({group.findings.length})</span>
            </h3>
            {group.findings.map(({ finding, anchor }) => (
              <FindingCard
                key={anchor}
                finding={finding}
                anchor={anchor}
                sourceUrl={commit === undefined ? undefined : blobUrl(githubServer, owner, name, commit, finding.file, finding.line)}
                whyItMatters={RATIONALE.get(finding.ruleId)}
              />
            ))}
          </section>
        ))}
      </section>
    </div>
  );
}
