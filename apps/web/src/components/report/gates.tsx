import type { Gate } from "@lastcall/analyzer";
import Link from "next/link";

/** Gates cap the score whatever the categories say: a single severe finding outweighs a good average. */
export function Gates({ gates }: { gates: Gate[] }) {
  if (gates.length === 0) return null;
  return (
    <section className="gates" aria-labelledby="gates-heading">
      <h2 id="gates-heading">Score caps</h2>
      <ul>
        {gates.map((gate) => (
          <li key={gate.id}>
            <strong>Capped at {gate.cap}.</strong> {gate.message} <Link href={`/rules/${gate.ruleId}`}>{gate.ruleId}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
