import type { ComponentChildren } from 'preact';
import type { PageContext } from './page-context.js';

export const NAVIGATION = [
  { href: '/', label: 'Home' },
  { href: '/uploads', label: 'Uploads' },
  { href: '/packages', label: 'Packages' },
  { href: '/builds', label: 'Builds' },
  { href: '/repositories', label: 'Repositories' },
  { href: '/builders', label: 'Builders' },
  { href: '/audit', label: 'Audit log' },
] as const;

const current = (path: string, href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));

export interface LayoutProps {
  readonly context: PageContext;
  readonly title: string;
  readonly children?: ComponentChildren;
}

/** Every page's frame: the navigation, sign-in state, the stylesheet and the enhancing scripts (all served by mbd). */
export function Layout({ context, title, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} · mbd`}</title>
        <link rel="stylesheet" href="/static/pico.min.css" />
        <link rel="stylesheet" href="/static/mbd.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/htmx-sse.js" defer></script>
        <script src="/static/mbd.js" defer></script>
      </head>
      <body>
        <header class="container">
          <nav aria-label="Main">
            <ul>
              <li>
                <strong>mbd</strong>
              </li>
            </ul>
            <ul>
              {NAVIGATION.map((item) => (
                <li>
                  <a href={item.href} aria-current={current(context.path, item.href) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
              {context.viewer?.role === 'admin' ? (
                <li>
                  <a href="/users" aria-current={current(context.path, '/users') ? 'page' : undefined}>
                    Users
                  </a>
                </li>
              ) : null}
              {context.viewer ? (
                <li>
                  <a href="/account" aria-current={current(context.path, '/account') ? 'page' : undefined}>
                    Account
                  </a>
                </li>
              ) : null}
              {context.viewer ? (
                <li>
                  <a href="/subscriptions" aria-current={current(context.path, '/subscriptions') ? 'page' : undefined}>
                    Subscriptions
                  </a>
                </li>
              ) : null}
              <li>
                {context.viewer ? (
                  <form method="post" action="/sign-out" class="inline">
                    <input type="hidden" name="_csrf" value={context.csrf} />
                    <button type="submit" class="secondary" title={`signed in as ${context.viewer.name} (${context.viewer.role})`}>
                      Sign out
                    </button>
                  </form>
                ) : (
                  <a href={`/sign-in?next=${encodeURIComponent(context.path)}`}>Sign in</a>
                )}
              </li>
            </ul>
          </nav>
        </header>
        <main class="container">
          <h1>{title}</h1>
          {children}
        </main>
        <footer class="container">
          <small>
            mbd — <a href="/api/docs">REST API</a> · <a href="/api/status">status (JSON)</a>
          </small>
        </footer>
      </body>
    </html>
  );
}
