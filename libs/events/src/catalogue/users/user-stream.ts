import { InvalidStreamIdError } from '../errors.js';
import { userNamePattern } from './user.schemas.js';

/** `user-<name>`: an account's whole history (registration, role, tokens as hashes, keys). */
export const userStream = (name: string): string => {
  const streamId = `user-${name}`;
  if (!userNamePattern.test(name)) throw new InvalidStreamIdError(streamId, `user name '${name}' does not match ${userNamePattern.source}`);
  return streamId;
};
