import type { Report } from "@lastcall/analyzer";
import { topFindings } from "@/view/report-model";
import { SeverityLabel } from "../severity-label";
import { TextWithCode } from "../text-with-code";

const TOP_FINDINGS = 5;

/** The few findings to fix first, each linking to its full entry further down the page. */
export function TopFindings({ report }: { report: Report }) {
  const top = topFindings(report, TOP_FINDINGS);
  return (
    <section aria-labelledby="top-findings-heading">
      <h2 id="top-findings-heading">Fix these first</h2>
      {top.length === 0 ? (
        <p>No open findings.</p>
      ) : (
        <ol className="top-findings">
          {top.map(({ finding, anchor }) => (
            <li key={anchor} className="top-findings__item">
              <SeverityLabel severity={finding.severity} />
              <span className="top-findings__rule">{finding.ruleId}</span>
              <a href={`#${anchor}`} className="top-findings__message">
                <TextWithCode text={finding.message} />
              </a>
              <span className="top-findings__location">
                {finding.file}:{finding.line}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
