import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Event, RecordedEvent } from '../event.js';
import { EMPTY_CHAIN, canonicalJson, chainEvents, toRecordedEvent, verifyChain } from './hash-chain.js';

const event = (data: unknown): Event => ({
  type: 'UploadReceived',
  version: 1,
  data,
  metadata: { actor: { kind: 'key', fingerprint: 'ABCD' }, correlationId: 'upload-1', occurredAt: '2026-11-25T12:00:00.000Z' },
});
const chain = (n: number): RecordedEvent[] =>
  chainEvents(EMPTY_CHAIN, 'upload-1', 0, Array.from({ length: n }, (_, i) => event({ changes: `hello_2.10-${i}_source.changes` }))).map(toRecordedEvent);

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out undefined members like JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"z":1}]},"b":1}');
    expect(canonicalJson([undefined, null, 'é"'])).toBe('[null,null,"é\\""]');
  });

  it('gives the same text for a value and its JSON round trip with keys in another order', () => {
    const value = { version: '2.10-3', source: 'hello', files: [{ size: 3, sha256: 'ab', name: 'hello.dsc' }], 10: 'numeric key' };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });

  it('writes keys in sorted order whatever JSON.stringify would do with them', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: 1 })).toBe('{"a":1,"b":[{"x":2,"y":1}]}');
    expect(canonicalJson({ b: 1, 10: 'x', 9: 'y', a: 2 })).toBe('{"10":"x","9":"y","a":2,"b":1}');
    expect(canonicalJson(JSON.parse('{"z":1,"__proto__":{"b":1,"a":2}}'))).toBe('{"__proto__":{"a":2,"b":1},"z":1}');
    expect(canonicalJson({ at: new Date('2026-11-25T12:00:00.000Z'), n: { toJSON: () => ({ b: 1, a: 2 }) } })).toBe(
      '{"at":"2026-11-25T12:00:00.000Z","n":{"a":2,"b":1}}',
    );
    expect(canonicalJson({ s: Symbol('s'), f: () => 1, list: [() => 1, undefined] })).toBe('{"list":[null,null],"s":null}');
    expect(canonicalJson(new (class { b = 1; a = 2; })())).toBe('{"a":2,"b":1}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
    expect([canonicalJson(undefined), canonicalJson('x'), canonicalJson(1.5), canonicalJson([])]).toEqual(['null', '"x"', '1.5', '[]']);
  });

  it('leaves the value it is given unchanged', () => {
    const value = { b: { d: 1, c: 2 }, a: [{ f: 1, e: 2 }] };
    canonicalJson(value);
    expect(JSON.stringify(value)).toBe('{"b":{"d":1,"c":2},"a":[{"f":1,"e":2}]}');
  });
});

describe('hash chain', () => {
  it('hashes prevHash and the canonical content of each event with SHA-256', () => {
    const [first, second] = chain(2);
    const content = `{"data":{"changes":"hello_2.10-0_source.changes"},"id":"${first!.id}","metadata":{"actor":{"fingerprint":"ABCD","kind":"key"},"correlationId":"upload-1","occurredAt":"2026-11-25T12:00:00.000Z"},"position":1,"streamId":"upload-1","streamVersion":0,"type":"UploadReceived","version":1}`;
    expect(first!.prevHash).toBe('');
    expect(first!.hash).toBe(createHash('sha256').update(content).digest('hex'));
    expect(second!.prevHash).toBe(first!.hash);
  });

  it('verifies an intact chain, from an array or an async iterable', async () => {
    const events = chain(5);
    expect(await verifyChain(events)).toEqual({ ok: true, count: 5 });
    expect(await verifyChain((async function* () { yield* events; })())).toEqual({ ok: true, count: 5 });
    expect(await verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it('reports the first changed event, a broken link and a gap at their positions', async () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, data: { changes: 'evil.changes' } };
    expect(await verifyChain(changed)).toMatchObject({ ok: false, position: 3, reason: expect.stringMatching(/was changed/) });

    const relinked = chain(5);
    relinked[3] = { ...relinked[3]!, prevHash: 'f'.repeat(64) };
    expect(await verifyChain(relinked)).toMatchObject({ ok: false, position: 4, reason: expect.stringMatching(/prevHash/) });

    const gap = chain(5);
    gap.splice(1, 1);
    expect(await verifyChain(gap)).toMatchObject({ ok: false, position: 3, reason: expect.stringMatching(/gap/) });
  });
});
