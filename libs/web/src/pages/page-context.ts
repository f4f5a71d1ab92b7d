import type { Role } from '../auth/principal.js';
import { accessRefusal } from '../auth/token-check.js';
import type { Viewer } from './session/page-session.js';

/** What every page needs besides its data: who reads it, the CSRF token of its forms, where it is. */
export interface PageContext {
  readonly viewer?: Viewer;
  /** Present when signed in: every form that changes something carries it. */
  readonly csrf?: string;
  /** The request's path (for the navigation's current item and sign-in's way back). */
  readonly path: string;
}

/**
 * The CSRF token of the viewer's forms when the viewer may do what needs `role` (forms they may not use
 * are not shown), else undefined. A repository-limited viewer sees the forms: the repositories a form
 * names are checked when it is sent (requireForm).
 */
export const mayAct = (context: PageContext, role: Role): string | undefined =>
  context.viewer && context.csrf && accessRefusal(context.viewer.principal, { role, write: true, reaches: 'account' }) === undefined ? context.csrf : undefined;
