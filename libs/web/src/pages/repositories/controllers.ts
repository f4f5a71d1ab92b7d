import { ArchivePagesController } from '../archive/archive-pages.controller.js';
import { RepositoryActionsController } from './repository-actions.controller.js';
import { RepositoryPagesController } from './repository-pages.controller.js';

/** The page controllers of this area, registered through page-controllers.ts. */
export const REPOSITORY_PAGE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [RepositoryPagesController, RepositoryActionsController, ArchivePagesController];
