import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { LogReplay } from './log-replay.js';

describe('LogReplay', () => {
  it('replays only the latest lines within its bytes to a late subscriber, then the live ones', async () => {
    const replay = new LogReplay(100);
    for (let n = 0; n < 1000; n += 1) replay.next(`line ${n}`);
    expect(replay.size).toBeLessThanOrEqual(100);
    const seen = firstValueFrom(replay.asObservable().pipe(toArray()));
    replay.next('live');
    replay.complete();
    const lines = await seen;
    expect(lines.at(-1)).toBe('live');
    expect(lines.at(-2)).toBe('line 999');
    expect(lines.length).toBeLessThan(20);
  });

  it('cuts a huge line and completes late subscribers of a finished log at once', async () => {
    const replay = new LogReplay();
    replay.next('z'.repeat(1_000_000));
    replay.complete();
    const lines = await firstValueFrom(replay.asObservable().pipe(toArray()));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(20_000);
  });
});
