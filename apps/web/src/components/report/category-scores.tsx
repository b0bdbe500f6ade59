import { type CategoryScore, gradeFor } from "@lastcall/analyzer";

/** One bar per category; a category no rule applied to says so instead of showing a score. */
export function CategoryScores({ categories }: { categories: CategoryScore[] }) {
  return (
    <section aria-labelledby="categories-heading">
      <h2 id="categories-heading">Categories</h2>
      <ul className="category-bars">
        {categories.map((category) => (
          <li key={category.id} className="category-bars__item">
            <span className="category-bars__name">
              {category.name} <span className="muted">· weight {category.weight}</span>
            </span>
            <span className="category-bars__track" aria-hidden="true">
              {category.score === null ? null : (
                <span className={`category-bars__fill grade-fill--${gradeFor(category.score)}`} style={{ width: `${category.score}%` }} />
              )}
            </span>
            <span className="category-bars__value">
              {category.score === null ? (
                <abbr title="not applicable: no rule of this category applies to this server">n/a</abbr>
              ) : (
                <>
                  {category.score}
                  <span className="visually-hidden"> out of 100</span>
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
