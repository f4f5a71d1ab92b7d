import { BuildersPageController } from './builders.controller.js';

/** The page controllers of this area, registered through page-controllers.ts. */
export const BUILDER_PAGE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [BuildersPageController];
