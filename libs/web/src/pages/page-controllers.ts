import { HomePageController } from './home/home.controller.js';
import { SessionController } from './session/session.controller.js';

/** Every controller of the web pages (registered by WebModule beside the REST API). */
export const PAGE_CONTROLLERS = [SessionController, HomePageController];
