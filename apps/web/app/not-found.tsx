import Link from "next/link";
import { pageViewer, signInEnabled } from "@/server/auth/page-viewer";

export default async function NotFound() {
  const [viewer, canSignIn] = await Promise.all([pageViewer(), signInEnabled()]);
  return (
    <section className="not-found">
      <h1>Not found</h1>
      <p>There is no such scan, repository or rule here. A repository appears once it has been scanned.</p>
      {canSignIn && viewer.user === undefined ? (
        <p>
          Private repositories are shown to people who can read them on GitHub: <a href="/auth/signin">sign in</a> to see yours.
        </p>
      ) : null}
      <p>
        <Link href="/">Scan a repository</Link> or browse the <Link href="/rules">rules</Link>.
      </p>
    </section>
  );
}
