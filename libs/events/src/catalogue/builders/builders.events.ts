import type { BuildResultRefused } from './build-result-refused.event.js';
import type { BuilderKeyApproved } from './builder-key-approved.event.js';
import type { BuilderRegistered } from './builder-registered.event.js';

/** Everything in a remote builder's stream (`builder-<name>`). */
export type BuilderEvent = BuilderRegistered | BuilderKeyApproved | BuildResultRefused;
