import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document from a page's component tree (preact escapes every text and attribute). */
export const renderDocument = (page: VNode): string => `<!doctype html>\n${renderToString(page)}`;

/** A fragment (a table's rows for htmx, one SSE message), escaped the same way. */
export const renderFragment = (fragment: VNode): string => renderToString(fragment);
