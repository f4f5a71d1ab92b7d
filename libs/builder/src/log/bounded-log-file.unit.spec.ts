import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoundedLogFile } from './bounded-log-file.js';

describe('BoundedLogFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-bounded-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const line = (n: number): string => `line ${String(n).padStart(6, '0')} ${'x'.repeat(50)}`; // 63 bytes + newline

  it('writes a log under its bound as it came, and shows every line live', async () => {
    const log = await BoundedLogFile.open(join(dir, 'small.build'), { maxBytes: 64 * 1024 });
    const shown: string[] = [];
    for (let n = 1; n <= 100; n += 1) shown.push(...(await log.write(line(n))));
    shown.push(...(await log.close()));
    expect(log.isTruncated).toBe(false);
    expect(shown).toHaveLength(100);
    expect(await readFile(join(dir, 'small.build'), 'utf8')).toBe(`${shown.join('\n')}\n`);
  });

  it('keeps the beginning and the end of a log over its bound, with a marker line naming what was left out', async () => {
    const maxBytes = 64 * 1024;
    const path = join(dir, 'big.build');
    const log = await BoundedLogFile.open(path, { maxBytes, tailBytes: 8 * 1024 });
    const shown: string[] = [];
    const total = 20_000; // 1.25 MiB of log
    for (let n = 1; n <= total; n += 1) shown.push(...(await log.write(line(n))));
    shown.push(...(await log.close()));

    expect(log.isTruncated).toBe(true);
    const size = (await stat(path)).size;
    expect(size).toBeLessThanOrEqual(maxBytes + 200);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe(line(1));
    expect(lines.at(-1)).toBe(line(total)); // sbuild's Summary is at the end: it is kept
    const marker = lines.findIndex((text) => text.startsWith('[mbd] build log truncated:'));
    expect(marker).toBeGreaterThan(0);
    expect(lines[marker]).toMatch(/^\[mbd\] build log truncated: \d+ bytes in \d+ lines left out here \(bound 65536 bytes, MBD_BUILD_LOG_MAX_BYTES\)$/);
    const dropped = Number(/in (\d+) lines/.exec(lines[marker]!)?.[1]);
    expect(lines.length - 1 + dropped).toBe(total);
    // Lines either side of the marker follow each other in the original order.
    expect(lines[marker - 1]).toBe(line(marker));
    expect(lines[marker + 1]).toBe(line(marker + dropped + 1));

    // Live viewers saw the beginning, one notice where the cut starts, then the marker and the end.
    expect(shown.filter((text) => text.includes('over its bound of 65536 bytes (MBD_BUILD_LOG_MAX_BYTES)'))).toHaveLength(1);
    expect(shown.length).toBeLessThan(total / 10);
    expect(shown.at(-1)).toBe(line(total));
  });

  it('cuts a single line longer than the tail budget instead of keeping it whole', async () => {
    const path = join(dir, 'long-line.build');
    const log = await BoundedLogFile.open(path, { maxBytes: 64 * 1024, tailBytes: 4096 });
    await log.write('x'.repeat(70 * 1024));
    await log.write('Status: successful');
    await log.close();
    const text = await readFile(path, 'utf8');
    expect(text.length).toBeLessThan(64 * 1024);
    expect(text.trimEnd().endsWith('Status: successful')).toBe(true);
  });
});
