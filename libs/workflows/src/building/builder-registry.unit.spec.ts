import { describe, expect, it } from 'vitest';
import { BuilderRegistry } from './builder-registry.js';

const offer = { architectures: ['amd64'], codenames: ['bookworm'], slots: 2, fingerprint: 'F'.repeat(40), load: 0.5 };

describe('BuilderRegistry', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('keeps a builder online while it heartbeats within the timeout, and offline after', () => {
    const time = clock();
    const registry = new BuilderRegistry(60_000, time.now);
    registry.register({ name: 'b1', ...offer });
    time.advance(59_000);
    expect(registry.heartbeat('b1', 1.5)).toBe(true);
    time.advance(59_000);
    expect(registry.get('b1')).toMatchObject({ state: 'online', load: 1.5 });
    expect(registry.online().map((builder) => builder.name)).toEqual(['b1']);
    time.advance(1_000);
    expect(registry.get('b1')?.state).toBe('offline');
    expect(registry.online()).toEqual([]);
  });

  it('answers a silent builder on every call (a failed re-queue is tried again), newly once until it is heard from again', () => {
    const time = clock();
    const registry = new BuilderRegistry(10_000, time.now);
    registry.register({ name: 'b1', ...offer });
    registry.register({ name: 'b2', ...offer });
    time.advance(5_000);
    registry.heartbeat('b2', 0);
    time.advance(6_000);
    expect(registry.silent()).toEqual([{ name: 'b1', newly: true }]);
    expect(registry.silent()).toEqual([{ name: 'b1', newly: false }]);
    registry.heartbeat('b1', 0);
    expect(registry.silent()).toEqual([]);
    time.advance(10_000);
    expect(registry.silent()).toEqual([
      { name: 'b1', newly: true },
      { name: 'b2', newly: true },
    ]);
  });

  it('refuses a heartbeat from a builder that never registered here (it must register first)', () => {
    const registry = new BuilderRegistry(10_000);
    expect(registry.heartbeat('stranger', 0)).toBe(false);
  });

  it('gives a builder that had builds running before the daemon started the timeout to come back', () => {
    const time = clock();
    const registry = new BuilderRegistry(10_000, time.now);
    registry.expect('b1');
    expect(registry.get('b1')?.state).toBe('offline');
    expect(registry.heartbeat('b1', 0)).toBe(false);
    time.advance(9_000);
    expect(registry.silent()).toEqual([]);
    time.advance(1_000);
    expect(registry.silent()).toEqual([{ name: 'b1', newly: true }]);
  });
});
