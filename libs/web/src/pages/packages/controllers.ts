import { DebdiffPageController } from './debdiff-page.controller.js';
import { PackagesPageController } from './packages.controller.js';

/** The page controllers of this area, registered through page-controllers.ts. */
export const PACKAGE_PAGE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [PackagesPageController, DebdiffPageController];
