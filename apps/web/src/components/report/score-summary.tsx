import type { Report } from "@lastcall/analyzer";
import { GradeBadge } from "../grade-badge";

/** Grade and score first and large, what capped the score, and how much of the rule set applied. */
export function ScoreSummary({ report }: { report: Report }) {
  return (
    <section className="score-summary" aria-labelledby="score-heading">
      <h2 id="score-heading" className="visually-hidden">
        Score
      </h2>
      <GradeBadge grade={report.grade} size="large" />
      <div className="score-summary__text">
        {report.scored && report.score !== null ? (
          <p className="score-summary__score">
            <span className="score-summary__number">{report.score}</span>
            <span className="score-summary__max">/100</span>
          </p>
        ) : (
          <p className="score-summary__score">Not scored</p>
        )}
        {report.notScoredReason ? <p>{report.notScoredReason}</p> : null}
        {report.scored ? (
          <p className="muted">
            Rules applying to this server carry {Math.round(report.coverage * 100)}% of the score's weight; categories with no applicable
            rule are left out.
          </p>
        ) : null}
      </div>
    </section>
  );
}
