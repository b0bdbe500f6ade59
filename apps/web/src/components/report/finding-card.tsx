import type { Finding } from "@lastcall/analyzer";
import Link from "next/link";
import { SeverityLabel } from "../severity-label";
import { TextWithCode } from "../text-with-code";
import { CodeExcerpt } from "./code-excerpt";

export interface FindingCardProps {
  finding: Finding;
  anchor: string;
  /** The file and line on GitHub at the scanned commit; undefined when the commit is unknown. */
  sourceUrl: string | undefined;
  /** Why the rule exists (the rule's rationale). */
  whyItMatters: string | undefined;
}

const SUPPRESSED_BY = { inline: "an inline comment", config: "the repository's Lastcall config" } as const;

export function FindingCard({ finding, anchor, sourceUrl, whyItMatters }: FindingCardProps) {
  const location = `${finding.file}:${finding.line}`;
  return (
    <article id={anchor} className={`finding${finding.suppressed ? " finding--suppressed" : ""}`} aria-labelledby={`${anchor}-title`}>
      <header className="finding__header">
        <SeverityLabel severity={finding.severity} />
        <h4 id={`${anchor}-title`} className="finding__title">
          <Link href={`/rules/${finding.ruleId}`}>{finding.ruleId}</Link> {finding.ruleName}
        </h4>
        <span className="finding__confidence">{finding.confidence} confidence</span>
      </header>
      {finding.suppressed ? (
        <p className="finding__suppressed">
          Suppressed by {SUPPRESSED_BY[finding.suppressed.source]}: {finding.suppressed.reason}
        </p>
      ) : null}
      <p className="finding__message">
        <TextWithCode text={finding.message} />
      </p>
      <p className="finding__location">{sourceUrl === undefined ? <code>{location}</code> : <a href={sourceUrl}>{location}</a>}</p>
      {finding.excerpt ? <CodeExcerpt code={finding.excerpt} firstLine={finding.line} /> : null}
      <dl className="finding__guidance">
        {whyItMatters ? (
          <>
            <dt>Why it matters</dt>
            <dd>
              <TextWithCode text={whyItMatters} />
            </dd>
          </>
        ) : null}
        <dt>How to fix</dt>
        <dd>
          <TextWithCode text={finding.remediation} />
        </dd>
      </dl>
      <p className="finding__docs">
        <Link href={`/rules/${finding.ruleId}`}>
          Read the {finding.ruleId} docs<span className="visually-hidden"> ({finding.ruleName})</span>
        </Link>
      </p>
    </article>
  );
}
