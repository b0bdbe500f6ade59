import type { Severity } from "@lastcall/analyzer";

export function SeverityLabel({ severity }: { severity: Severity }) {
  return <span className={`severity severity--${severity}`}>{severity}</span>;
}
