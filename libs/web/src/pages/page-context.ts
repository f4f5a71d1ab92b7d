import type { Viewer } from './session/page-session.js';

/** What every page needs besides its data: who reads it, the CSRF token of its forms, where it is. */
export interface PageContext {
  readonly viewer?: Viewer;
  /** Present when signed in: every form that changes something carries it. */
  readonly csrf?: string;
  /** The request's path (for the navigation's current item and sign-in's way back). */
  readonly path: string;
}
