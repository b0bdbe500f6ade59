import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>Lastcall audits MCP servers for graceful-shutdown security.</p>
        <p>
          Run it locally: <code>npx lastcall audit .</code>
        </p>
        <ul className="site-footer__links">
          <li>
            <Link href="/rules">Rules</Link>
          </li>
          <li>
            <Link href="/docs/api">API docs</Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}
