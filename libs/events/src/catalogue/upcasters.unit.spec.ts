import { describe, expect, it } from 'vitest';
import type { Event } from '../event.js';
import { validateEvent } from './event-catalogue.js';
import { registerUpcaster, upcast } from './upcasters.js';

const metadata = { actor: { kind: 'daemon' as const }, correlationId: 'u1', occurredAt: '2026-11-25T06:00:00.000Z' };

describe('upcasters', () => {
  it('reads an UploadRejected version 0 (one reason) as version 1 (every reason)', () => {
    const stored: Event = { type: 'UploadRejected', version: 0, data: { uploadId: 'u1', source: 'hello', reason: 'No such repository: foo' }, metadata };
    const current = validateEvent(stored);
    expect(current.version).toBe(1);
    expect(current.data).toEqual({ uploadId: 'u1', source: 'hello', reasons: ['No such repository: foo'] });
    expect(stored.version).toBe(0);
  });

  it('chains upcasters version by version and keeps the stored envelope fields', () => {
    registerUpcaster<{ n: number }>('TestCounted', 1, ({ n }) => ({ count: n }));
    registerUpcaster<{ count: number }>('TestCounted', 2, ({ count }) => ({ count, unit: 'items' }));
    const recorded = { type: 'TestCounted', version: 1, data: { n: 3 }, metadata, id: 'e1', position: 9 };
    expect(upcast(recorded)).toEqual({ ...recorded, version: 3, data: { count: 3, unit: 'items' } });
  });

  it('leaves an event without upcasters unchanged', () => {
    const event: Event = { type: 'PackageRemoved', version: 1, data: {}, metadata };
    expect(upcast(event)).toBe(event);
  });

  it('refuses a second upcaster for the same type and version', () => {
    expect(() => registerUpcaster('UploadRejected', 0, () => ({}))).toThrow(/already registered/);
  });
});
