import Link from "next/link";

export default function NotFound() {
  return (
    <section className="not-found">
      <h1>Not found</h1>
      <p>There is no such scan, repository or rule here. A repository appears once it has been scanned.</p>
      <p>
        <Link href="/">Scan a repository</Link> or browse the <Link href="/rules">rules</Link>.
      </p>
    </section>
  );
}
