import { InvalidStreamIdError } from '../errors.js';

/** A remote builder's name: what `mbd builder --name` sets and its account is called. */
export const builderNamePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** `builder-<name>`: a remote builder's registrations, its key's approval, and the results it had refused. */
export const builderStream = (name: string): string => {
  const streamId = `builder-${name}`;
  if (!builderNamePattern.test(name)) throw new InvalidStreamIdError(streamId, `builder name '${name}' does not match ${builderNamePattern.source}`);
  return streamId;
};
