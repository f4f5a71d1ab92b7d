import type { TokenIssued } from './token-issued.event.js';
import type { TokenRevoked } from './token-revoked.event.js';
import type { UserApproved } from './user-approved.event.js';
import type { UserCommandRefused } from './user-command-refused.event.js';
import type { UserCreated } from './user-created.event.js';
import type { UserDisabled } from './user-disabled.event.js';
import type { UserKeyApproved } from './user-key-approved.event.js';
import type { UserKeyRejected } from './user-key-rejected.event.js';
import type { UserKeySubmitted } from './user-key-submitted.event.js';
import type { UserRegistered } from './user-registered.event.js';
import type { UserRoleChanged } from './user-role-changed.event.js';

/** Everything in a user's stream (`user-<name>`). */
export type UserEvent =
  | UserRegistered
  | UserCreated
  | UserApproved
  | UserRoleChanged
  | UserDisabled
  | TokenIssued
  | TokenRevoked
  | UserKeySubmitted
  | UserKeyApproved
  | UserKeyRejected
  | UserCommandRefused;
