import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { renderDocument } from './render.js';

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Sign in needed', 403: 'Not allowed', 404: 'Not found', 409: 'Changed meanwhile' };

/** An error as a page (for browsers): the status and the reason in words, with a way on. */
export function renderErrorPage(context: PageContext, status: number, message: string): string {
  const title = TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'Refused');
  return renderDocument(
    <Layout context={context} title={title}>
      <p role="alert">{message}</p>
      <p>
        <small>HTTP {status}</small>
      </p>
      <p>
        {status === 401 || (status === 403 && !context.viewer) ? (
          <a href={`/sign-in?next=${encodeURIComponent(context.path)}`}>Sign in</a>
        ) : (
          <a href="/">Home</a>
        )}
      </p>
    </Layout>,
  );
}
