import { describe, expect, it } from 'vitest';
import { archiveDiffUrl, archiveTreeUrl, deliveryUrl, normalizeAt } from './archive-urls.js';

describe('archive URLs', () => {
  it('encodes each segment once', () => {
    expect(archiveTreeUrl('test', '2026-11-30T12:00:00Z', ['pool', 'main', 'h', 'hello+extra'])).toBe('/archive/test/2026-11-30T12%3A00%3A00Z/pool/main/h/hello%2Bextra/');
    expect(archiveTreeUrl('test', 5)).toBe('/archive/test/5/');
    expect(deliveryUrl('test', 5, ['pool', 'main', 'h', 'hello', 'hello_1.0+1.dsc'])).toBe('/repositories/test/@5/pool/main/h/hello/hello_1.0%2B1.dsc');
    expect(archiveDiffUrl('test', 5)).toBe('/archive/test/diff?from=5&to=');
  });

  it('takes a datetime-local value as UTC and leaves positions and zoned times alone', () => {
    expect(normalizeAt('2026-11-30T12:00')).toBe('2026-11-30T12:00Z');
    expect(normalizeAt(' 2026-11-30T12:00:05 ')).toBe('2026-11-30T12:00:05Z');
    expect(normalizeAt('2026-11-30T12:00:05+01:00')).toBe('2026-11-30T12:00:05+01:00');
    expect(normalizeAt('42')).toBe('42');
    expect(normalizeAt('')).toBe('');
  });
});
