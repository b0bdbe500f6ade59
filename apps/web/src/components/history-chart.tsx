import type { HistoryPoint } from "@lastcall/db";
import { CHART, GRIDLINES, layoutHistory, yFor } from "@/view/history-chart";

/**
 * The default branch's score per scanned commit, oldest to newest, drawn on the server. Each point is a
 * link to its scan whose `<title>` (short commit and score) shows on hover and names it on focus.
 */
export function HistoryChart({ history }: { history: readonly HistoryPoint[] }) {
  const layout = layoutHistory(history);
  if (layout === undefined) return <p>No completed scans of the default branch yet.</p>;
  const hasOtherRuleset = layout.points.some((point) => point.otherRuleset);
  const hasUnscored = layout.points.some((point) => !point.scored);
  return (
    <figure className="history">
      <svg className="history__chart" viewBox={`0 0 ${CHART.width} ${CHART.height}`}>
        <title>{`Score of ${layout.points.length} scanned commit${layout.points.length === 1 ? "" : "s"}, oldest first`}</title>
        {GRIDLINES.map((score) => (
          <g key={score} className="history__grid">
            <line x1={CHART.left} x2={CHART.width - CHART.right} y1={yFor(score)} y2={yFor(score)} />
            <text x={CHART.left - 8} y={yFor(score)} textAnchor="end" dominantBaseline="middle">
              {score}
            </text>
          </g>
        ))}
        <text className="history__date" x={CHART.left} y={CHART.height - 8} textAnchor="start">
          {layout.firstDate}
        </text>
        {layout.points.length > 1 ? (
          <text className="history__date" x={CHART.width - CHART.right} y={CHART.height - 8} textAnchor="end">
            {layout.lastDate}
          </text>
        ) : null}
        {layout.line.includes(" ") ? <polyline className="history__line" points={layout.line} /> : null}
        {layout.points.map((point) => (
          <a
            key={point.scanId}
            href={`/scans/${point.scanId}`}
            className={`history__point${point.otherRuleset ? " history__point--other-ruleset" : ""}${point.scored ? "" : " history__point--unscored"}`}
            data-scan={point.scanId}
          >
            <title>{point.title}</title>
            <circle cx={point.x} cy={point.y} r={6} />
          </a>
        ))}
      </svg>
      <figcaption className="history__legend">
        <span className="history__key">
          <svg viewBox="0 0 12 12" aria-hidden="true" className="history__swatch">
            <circle cx="6" cy="6" r="4.5" className="history__swatch-current" />
          </svg>
          Rule set {layout.latestRuleset} (latest)
        </span>
        {hasOtherRuleset ? (
          <span className="history__key">
            <svg viewBox="0 0 12 12" aria-hidden="true" className="history__swatch">
              <circle cx="6" cy="6" r="4.5" className="history__swatch-other" />
            </svg>
            Earlier rule set: scores not directly comparable
          </span>
        ) : null}
        {hasUnscored ? (
          <span className="history__key">
            <svg viewBox="0 0 12 12" aria-hidden="true" className="history__swatch">
              <circle cx="6" cy="6" r="4.5" className="history__swatch-unscored" />
            </svg>
            Not scored (on the baseline)
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
