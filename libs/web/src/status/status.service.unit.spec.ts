import { describe, expect, it } from 'vitest';
import { StatusRegistry } from './status.service.js';

/** A source whose answers the test releases one by one, counting how often it was asked. */
function heldSource(name: string) {
  const waiting: ((value: unknown) => void)[] = [];
  let state = 0;
  const source = {
    name,
    asked: 0,
    status: () => {
      source.asked += 1;
      const seen = state;
      return new Promise((resolve) => waiting.push(() => resolve({ state: seen })));
    },
    set: (value: number) => (state = value),
    /** Resolves once the sources were asked `times` times in all. */
    untilAsked: async (times: number) => {
      while (source.asked < times) await new Promise((resolve) => setImmediate(resolve));
    },
    release: async () => {
      while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
      waiting.shift()!(undefined);
    },
  };
  return source;
}

describe('StatusRegistry', () => {
  it('gathers every source, and shows the error of a failing one in its place', async () => {
    const registry = new StatusRegistry();
    registry.register({ name: 'a', status: () => ({ ok: true }) });
    registry.register({ name: 'b', status: () => Promise.reject(new Error('down')) });
    registry.register({
      name: 'c',
      status: () => {
        throw new Error('thrown');
      },
    });
    expect(await registry.collect()).toEqual({ a: { ok: true }, b: { error: 'down' }, c: { error: 'thrown' } });
  });

  it('answers in place of a source that hangs, so one stuck part does not hold every later /api/status', async () => {
    const registry = new StatusRegistry();
    registry.sourceTimeoutMs = 20;
    registry.register({ name: 'stuck', status: () => new Promise(() => undefined) });
    registry.register({ name: 'fine', status: () => ({ ok: true }) });
    expect(await registry.collect()).toEqual({ stuck: { error: 'no answer within 0.02 s' }, fine: { ok: true } });
    expect(await registry.collect()).toEqual({ stuck: { error: 'no answer within 0.02 s' }, fine: { ok: true } });
  });

  it('lets requests of one turn share a reading, and those that come while it runs share the next one, which reads the state after they came', async () => {
    const registry = new StatusRegistry();
    const source = heldSource('part');
    registry.register(source);
    const first = registry.collect();
    const alsoFirst = registry.collect();
    await source.untilAsked(1);
    // The state changes while the first collection runs: those asking now must see the change.
    source.set(1);
    const second = registry.collect();
    const third = registry.collect();
    await source.release();
    expect(await first).toEqual({ part: { state: 0 } });
    expect(await alsoFirst).toBe(await first);
    await source.release();
    expect(await second).toEqual({ part: { state: 1 } });
    expect(await third).toBe(await second);
    expect(source.asked).toBe(2);
  });

  it('asks the sources again for a request after the last collection ended', async () => {
    const registry = new StatusRegistry();
    let state = 0;
    registry.register({ name: 'part', status: () => ({ state }) });
    expect(await registry.collect()).toEqual({ part: { state: 0 } });
    state = 1;
    expect(await registry.collect()).toEqual({ part: { state: 1 } });
  });
});
