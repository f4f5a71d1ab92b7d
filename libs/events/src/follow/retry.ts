import type { RetryPolicy } from './log-follower.js';

/**
 * Runs `work` until it succeeds, at most `policy.attempts` times, waiting `initialDelayMs` doubling up to
 * `maxDelayMs` in between; `onFailure` hears of each failure. Rejects with the last error. For single
 * writes that must not be lost to a short outage (recording a build's result); following the log has
 * its own loop in LogFollower, which parks instead of rejecting.
 */
export async function retrying<T>(work: () => Promise<T>, policy: RetryPolicy, onFailure?: (error: unknown, attempt: number) => void): Promise<T> {
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      onFailure?.(error, attempt);
      if (attempt >= policy.attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
