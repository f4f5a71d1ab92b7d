import { ADMIN_PRINCIPAL } from '../../auth/principal.js';
import type { Viewer } from './page-session.js';

/** The admin signed in to the pages (with the admin token), for page specs. */
export const adminViewer = (session = 's'): Viewer => ({ name: 'admin', session, role: 'admin', principal: { ...ADMIN_PRINCIPAL, via: 'session' } });
