import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href="/" className="site-header__logo">
          Lastcall
        </Link>
        <nav aria-label="Main">
          <ul className="site-header__nav">
            <li>
              <Link href="/rules">Rules</Link>
            </li>
            <li>
              <Link href="/docs/api">API docs</Link>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
