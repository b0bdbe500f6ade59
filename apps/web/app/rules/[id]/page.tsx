import { allRules, type Rule, readRuleDoc } from "@lastcall/analyzer";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TextWithCode } from "@/components/text-with-code";
import { renderRuleDoc } from "@/view/rule-doc";

// One page per rule, from docs/rules (rendered per request, for the CSP nonce); any other id is a 404.
export const dynamicParams = false;

type RulePageProps = { params: Promise<{ id: string }> };

export function generateStaticParams(): Array<{ id: string }> {
  return allRules.map(({ meta }) => ({ id: meta.id }));
}

function ruleById(id: string): Rule | undefined {
  return allRules.find(({ meta }) => meta.id === id);
}

export async function generateMetadata({ params }: RulePageProps): Promise<Metadata> {
  const rule = ruleById((await params).id);
  return rule === undefined ? {} : { title: `${rule.meta.id} ${rule.meta.name}`, description: rule.meta.title };
}

export default async function RulePage({ params }: RulePageProps) {
  const rule = ruleById((await params).id);
  if (rule === undefined) notFound();
  const doc = await readRuleDoc(rule);
  return (
    <article className="prose">
      <p className="back-link">
        <Link href="/rules">← All rules</Link>
      </p>
      {doc === undefined ? (
        // An install without the docs directory still explains the rule, from the rule's own text.
        <>
          <h1>
            {rule.meta.id} {rule.meta.name}
          </h1>
          <p>
            <TextWithCode text={rule.meta.title} />
          </p>
          <h2>Why it matters</h2>
          <p>
            <TextWithCode text={rule.meta.rationale} />
          </p>
          <h2>How to fix</h2>
          <p>
            <TextWithCode text={rule.meta.remediation} />
          </p>
        </>
      ) : (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: our own docs pages from this repository, rendered by marked
        <div dangerouslySetInnerHTML={{ __html: renderRuleDoc(doc) }} />
      )}
    </article>
  );
}
