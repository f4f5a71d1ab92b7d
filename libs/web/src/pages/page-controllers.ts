import { AUDIT_PAGE_CONTROLLERS } from './audit/controllers.js';
import { BUILDER_PAGE_CONTROLLERS } from './builders/controllers.js';
import { BUILD_PAGE_CONTROLLERS } from './builds/controllers.js';
import { HomePageController } from './home/home.controller.js';
import { PACKAGE_PAGE_CONTROLLERS } from './packages/controllers.js';
import { REPOSITORY_PAGE_CONTROLLERS } from './repositories/controllers.js';
import { SessionController } from './session/session.controller.js';
import { UPLOAD_PAGE_CONTROLLERS } from './uploads/controllers.js';
import { USER_PAGE_CONTROLLERS } from './users/controllers.js';

/** Every controller of the web pages (registered by WebModule beside the REST API). */
export const PAGE_CONTROLLERS = [
  SessionController,
  HomePageController,
  ...UPLOAD_PAGE_CONTROLLERS,
  ...PACKAGE_PAGE_CONTROLLERS,
  ...BUILD_PAGE_CONTROLLERS,
  ...BUILDER_PAGE_CONTROLLERS,
  ...REPOSITORY_PAGE_CONTROLLERS,
  ...AUDIT_PAGE_CONTROLLERS,
  ...USER_PAGE_CONTROLLERS,
];
