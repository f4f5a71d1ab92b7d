import { AuditPageController } from './audit-page.controller.js';

/** The page controllers of this area, registered through page-controllers.ts. */
export const AUDIT_PAGE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [AuditPageController];
