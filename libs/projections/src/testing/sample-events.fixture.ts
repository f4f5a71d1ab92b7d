import type { Actor, Event } from '@mbd/events';

const actors: readonly Actor[] = [
  { kind: 'user', name: 'alice' },
  { kind: 'key', fingerprint: 'A'.repeat(40) },
  { kind: 'remote', name: 'buildd2' },
  { kind: 'daemon' },
];

/** `count` varied events of types outside the catalogue (types, actors, correlation ids, one second apart from 2026-01-01) for audit-log specs. */
export const sampleEvents = (count: number, start = 0): { streamId: string; event: Event }[] =>
  Array.from({ length: count }, (_, offset) => {
    const i = start + offset;
    return {
      streamId: `upload-u${i % 7}`,
      event: {
        type: ['SampleRecorded', 'SampleChecked', 'SampleClosed'][i % 3]!,
        version: 1,
        data: { n: i, text: `event ${i} ✓` },
        metadata: {
          actor: actors[i % actors.length]!,
          correlationId: `c${i % 5}`,
          ...(i % 2 === 0 ? { causationId: `cause-${i}` } : {}),
          occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        },
      },
    };
  });
