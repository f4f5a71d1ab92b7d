import { describe, expect, it } from 'vitest';
import { chrootIndicesFresh, chrootIndicesMaxAgeMs } from './chroot.js';
import { renderSchrootConf } from './schroot-conf.js';

describe('chrootIndicesFresh', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('holds for a chroot made less than chrootIndicesMaxAgeMs ago, not for an older one, a future one or a broken date', () => {
    expect(chrootIndicesFresh({ createdAt: new Date(now - 60_000).toISOString() }, now)).toBe(true);
    expect(chrootIndicesFresh({ createdAt: new Date(now - chrootIndicesMaxAgeMs).toISOString() }, now)).toBe(false);
    expect(chrootIndicesFresh({ createdAt: new Date(now + 60_000).toISOString() }, now)).toBe(false);
    expect(chrootIndicesFresh({ createdAt: 'not a date' }, now)).toBe(false);
  });
});

describe('renderSchrootConf', () => {
  const request = { name: 'mbd-bookworm-amd64', codename: 'bookworm', architecture: 'amd64', directory: '/d' };
  it('runs every session command under eatmydata only when the chroot has it', () => {
    expect(renderSchrootConf({ ...request, eatmydata: true })).toContain('\ncommand-prefix=eatmydata\n');
    expect(renderSchrootConf(request)).not.toContain('command-prefix');
    expect(renderSchrootConf(request)).toContain('union-type=overlay\n');
  });
});
