import Link from "next/link";
import { pageViewer, signInEnabled } from "@/server/auth/page-viewer";

export async function SiteHeader() {
  const [viewer, canSignIn] = await Promise.all([pageViewer(), signInEnabled()]);
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
            {viewer.user !== undefined ? (
              <li>
                {/* A form POST (never a link): signing out changes state, and the route checks the request's origin. */}
                <form method="post" action="/auth/signout" className="site-header__session">
                  <span className="site-header__user">{viewer.user.login}</span>
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </form>
              </li>
            ) : canSignIn ? (
              <li>
                {/* A plain link: the route redirects to GitHub, which next/link would try to prefetch. */}
                <a href="/auth/signin">Sign in</a>
              </li>
            ) : null}
          </ul>
        </nav>
      </div>
    </header>
  );
}
