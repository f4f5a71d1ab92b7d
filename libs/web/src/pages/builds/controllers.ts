import { BuildsPageController } from './builds.controller.js';

/** The page controllers of this area, registered through page-controllers.ts. */
export const BUILD_PAGE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [BuildsPageController];
