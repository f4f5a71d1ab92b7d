import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';

/** Only paths on this site are ways back after signing in (never another host). */
export const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/');

export function renderSignInPage(context: PageContext, options: { readonly next: string; readonly error?: string; readonly name?: string }): string {
  return renderDocument(
    <Layout context={context} title="Sign in">
      {options.error ? (
        <p role="alert">
          <strong>{options.error}</strong>
        </p>
      ) : null}
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value={safeNext(options.next)} />
        <label>
          User name
          <input type="text" name="name" autocomplete="username" maxLength={32} value={options.name ?? ''} />
          <small>Leave it empty to sign in with the admin token.</small>
        </label>
        <label>
          Token
          <input type="password" name="token" autocomplete="current-password" required minLength={16} />
          <small>
            One of your API tokens (<code>mbd token issue</code>; a registration's first token), or the admin token in the daemon's data directory (admin-token): the
            same as the CLI's MBD_TOKEN.
          </small>
        </label>
        <button type="submit">Sign in</button>
      </form>
    </Layout>,
  );
}
