import { allRules, CATEGORIES } from "@lastcall/analyzer";
import type { Metadata } from "next";
import Link from "next/link";
import { SeverityLabel } from "@/components/severity-label";

export const metadata: Metadata = { title: "Rules" };

const CATEGORY_NAME = new Map(CATEGORIES.map((category) => [category.id, category.name]));

export default function RulesPage() {
  return (
    <>
      <header className="page-header">
        <h1>Rules</h1>
        <p className="page-header__lede">
          The {allRules.length} checks behind every Lastcall score. Each rule passes, fails with findings, does not apply to the server (and
          says why), or could not be determined. A finding may be more or less severe than its rule's default; each rule's page explains
          when.
        </p>
      </header>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Category</th>
              <th scope="col">Default severity</th>
              <th scope="col">What it checks</th>
            </tr>
          </thead>
          <tbody>
            {allRules.map(({ meta }) => (
              <tr key={meta.id}>
                <th scope="row">
                  <Link href={`/rules/${meta.id}`}>{meta.id}</Link>
                </th>
                <td>
                  <code>{meta.name}</code>
                </td>
                <td>
                  {meta.category} · {CATEGORY_NAME.get(meta.category)}
                </td>
                <td>
                  <SeverityLabel severity={meta.severity} />
                </td>
                <td>{meta.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
