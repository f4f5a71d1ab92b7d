import { describe, expect, it } from 'vitest';
import { BUILD_ATTEMPTS, isPassingFailure, retryDelaySeconds } from './transient-failure.js';

describe('isPassingFailure', () => {
  it('runs a build again when apt could not update its lists in the chroot', () => {
    expect(isPassingFailure({ status: 'failed', failStage: 'apt-get-update' })).toBe(true);
  });

  it('never retries what says something about the package: its build, its dependencies, a success', () => {
    expect(isPassingFailure({ status: 'failed', failStage: 'build' })).toBe(false);
    expect(isPassingFailure({ status: 'failed', failStage: 'install-deps' })).toBe(false);
    expect(isPassingFailure({ status: 'failed' })).toBe(false);
    expect(isPassingFailure({ status: 'successful', failStage: 'apt-get-update' })).toBe(false);
  });

  it('waits a little longer before each further attempt, and gives up after three runs', () => {
    expect(BUILD_ATTEMPTS).toBe(3);
    expect(retryDelaySeconds(2)).toBeLessThan(retryDelaySeconds(3));
  });
});
