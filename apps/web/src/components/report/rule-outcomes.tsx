import type { Report } from "@lastcall/analyzer";
import Link from "next/link";
import { OUTCOME_LABEL } from "@/view/report-model";

function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}

/** Every rule's verdict, so a pass is as visible as a failure, and "not applicable" says why. */
export function RuleOutcomes({ report }: { report: Report }) {
  const findingCounts = new Map<string, number>();
  for (const finding of report.findings) {
    if (finding.suppressed === undefined) findingCounts.set(finding.ruleId, (findingCounts.get(finding.ruleId) ?? 0) + 1);
  }
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">All rules</h2>
      <div className="table-scroll">
        <table className="table rule-outcomes">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Outcome</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {report.rules.map((rule) => {
              const count = findingCounts.get(rule.id) ?? 0;
              const details =
                rule.outcome === "fail"
                  ? `${count} finding${count === 1 ? "" : "s"}${rule.points > 0 ? `, −${formatPoints(rule.points)} points in category ${rule.category}` : ""}`
                  : (rule.reason ?? "");
              return (
                <tr key={rule.id} data-rule={rule.id}>
                  <th scope="row">
                    <Link href={`/rules/${rule.id}`}>{rule.id}</Link> <span className="rule-outcomes__name">{rule.name}</span>
                  </th>
                  <td>
                    <span className={`outcome outcome--${rule.outcome}`}>{OUTCOME_LABEL[rule.outcome]}</span>
                  </td>
                  <td>{details}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
