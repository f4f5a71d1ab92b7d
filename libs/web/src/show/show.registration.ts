import { DebdiffController } from './debdiff.controller.js';
import { ShowController } from './show.controller.js';
import { SourceListingService } from './source-listing.service.js';

/** The controllers and services of ls, show and debdiff, registered by WebModule. */
export const SHOW_CONTROLLERS = [ShowController, DebdiffController];
export const SHOW_PROVIDERS = [SourceListingService];
