import { UsersPageController } from './users-page.controller.js';

/** The users and account pages. */
export const USER_PAGE_CONTROLLERS = [UsersPageController];
