/** A grade letter in its colour (A green … F red); "–" for a report that could not be scored. */
export function GradeBadge({ grade, size = "small" }: { grade: string | null; size?: "small" | "large" }) {
  const letter = grade ?? "–";
  return (
    <span className={`grade grade--${size} grade--${grade ?? "none"}`}>
      <span className="visually-hidden">{grade === null ? "Not graded" : "Grade "}</span>
      <span aria-hidden={grade === null ? true : undefined}>{letter}</span>
    </span>
  );
}
