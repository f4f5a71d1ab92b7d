import { describe, expect, it } from 'vitest';
import { retrying } from './retry.js';

const policy = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

describe('retrying', () => {
  it('returns what the work returns once it succeeds, having heard of each failure', async () => {
    const failures: number[] = [];
    let calls = 0;
    const result = await retrying(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`failure ${calls}`);
        return 'recorded';
      },
      policy,
      (_, attempt) => failures.push(attempt),
    );
    expect(result).toBe('recorded');
    expect(failures).toEqual([1, 2]);
  });

  it('rejects with the last error after the last attempt', async () => {
    let calls = 0;
    await expect(
      retrying(async () => {
        calls += 1;
        throw new Error(`failure ${calls}`);
      }, policy),
    ).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });
});
