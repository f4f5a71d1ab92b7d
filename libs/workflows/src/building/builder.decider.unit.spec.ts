import { foldEvents } from '@mbd/archive';
import type { BuilderEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { builderDecider, keyApproved, type BuilderCommand } from './builder.decider.js';
import { RemoteBuildError } from './remote-build.error.js';

const metadata = { actor: { kind: 'remote' as const, name: 'b1' }, correlationId: 'builder-b1', now: '2026-12-01T00:00:00.000Z' };
const registration = { name: 'b1', architectures: ['amd64'], codenames: ['bookworm'], slots: 2, fingerprint: 'A'.repeat(40), publicKey: 'armored' };

const decide = (history: readonly BuilderEvent[], command: Omit<BuilderCommand, 'metadata'>) =>
  [builderDecider.decide({ ...command, metadata } as BuilderCommand, foldEvents(builderDecider, history))].flat() as BuilderEvent[];

describe('builderDecider', () => {
  const registered = decide([], { type: 'RegisterBuilder', data: registration });

  it('records a registration only when what the builder offers or its key changed', () => {
    expect(registered.map((event) => event.type)).toEqual(['BuilderRegistered']);
    expect(decide(registered, { type: 'RegisterBuilder', data: { ...registration, architectures: ['amd64'] } })).toEqual([]);
    expect(decide(registered, { type: 'RegisterBuilder', data: { ...registration, slots: 3 } }).map((event) => event.type)).toEqual(['BuilderRegistered']);
    expect(decide(registered, { type: 'RegisterBuilder', data: { ...registration, fingerprint: 'B'.repeat(40) } }).map((event) => event.type)).toEqual(['BuilderRegistered']);
  });

  it('approves only the key the builder registered; a new key needs a new approval', () => {
    expect(() => decide(registered, { type: 'ApproveBuilderKey', data: { name: 'b1', fingerprint: 'B'.repeat(40) } })).toThrow(RemoteBuildError);
    expect(() => decide([], { type: 'ApproveBuilderKey', data: { name: 'b1', fingerprint: 'A'.repeat(40) } })).toThrow(/no builder b1 has registered/);
    const approved = [...registered, ...decide(registered, { type: 'ApproveBuilderKey', data: { name: 'b1', fingerprint: 'A'.repeat(40) } })];
    expect(keyApproved(foldEvents(builderDecider, approved))).toBe(true);
    const rekeyed = [...approved, ...decide(approved, { type: 'RegisterBuilder', data: { ...registration, fingerprint: 'B'.repeat(40) } })];
    expect(keyApproved(foldEvents(builderDecider, rekeyed))).toBe(false);
  });
});
