import type { CommandMetadata } from '@mbd/archive';
import { TokenIssued, UserCreated, UserRegistered, type UserEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import type { Caller, NewToken, UsersCommand } from './users.commands.js';
import { MAX_TOKENS_PER_USER, usersDecider } from './users.decider.js';

const now = '2026-12-01T10:00:00.000Z';
const metadata: CommandMetadata = { now, actor: { kind: 'user', name: 'admin' }, correlationId: 'c1' };
const eventMeta = { actor: metadata.actor, correlationId: 'c1', occurredAt: now };
const admin: Caller = { name: 'admin', role: 'admin' };
const jane: Caller = { name: 'jane', role: 'maintainer' };
const bob: Caller = { name: 'bob', role: 'staff' };
const sha = (c: string) => c.repeat(64);
const token = (id = 'tok-00001', name = 'laptop', extra: Partial<NewToken> = {}): NewToken => ({ id, name, sha256: sha('a'), ...extra });
const KEY = `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${'x'.repeat(120)}\n-----END PGP PUBLIC KEY BLOCK-----\n`;
const FPR = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';

const janeCreated = UserCreated.create({ name: 'jane', role: 'maintainer', email: 'jane@example.org' }, eventMeta);

/** The events `command` decides after `history`. */
const when = (history: readonly UserEvent[], command: Omit<UsersCommand, 'metadata'>): UserEvent[] => {
  const state = history.reduce(usersDecider.evolve, usersDecider.initialState());
  const decided = usersDecider.decide({ ...command, metadata } as UsersCommand, state);
  return Array.isArray(decided) ? [...decided] : [decided as UserEvent];
};
const refusal = (events: UserEvent[]) => (events[0]?.type === 'UserCommandRefused' ? events[0].data : undefined);

describe('users decider', () => {
  it('lets only an admin create a user, and never twice, nor one named admin', () => {
    expect(when([], { type: 'CreateUser', data: { name: 'jane', role: 'maintainer' }, caller: admin })[0]).toMatchObject({ type: 'UserCreated', data: { name: 'jane', role: 'maintainer' } });
    expect(refusal(when([], { type: 'CreateUser', data: { name: 'jane', role: 'maintainer' }, caller: bob }))).toMatchObject({ reason: 'forbidden', command: 'user add' });
    expect(refusal(when([], { type: 'CreateUser', data: { name: 'jane', role: 'admin' }, caller: undefined }))).toMatchObject({ reason: 'forbidden' });
    expect(refusal(when([janeCreated], { type: 'CreateUser', data: { name: 'jane', role: 'staff' }, caller: admin }))).toMatchObject({ reason: 'user-exists' });
    expect(refusal(when([], { type: 'CreateUser', data: { name: 'admin', role: 'staff' }, caller: admin }))).toMatchObject({ reason: 'user-exists' });
  });

  it('registers anyone as a pending maintainer with a first token, which an admin approves', () => {
    const registered = when([], { type: 'RegisterUser', data: { name: 'joe', email: 'joe@example.org', token: token() }, caller: undefined });
    expect(registered.map((event) => event.type)).toEqual(['UserRegistered', 'TokenIssued']);
    const state = registered.reduce(usersDecider.evolve, usersDecider.initialState());
    expect(state).toMatchObject({ state: 'pending', role: 'maintainer' });
    expect(refusal(when(registered, { type: 'ApproveUser', data: { name: 'joe' }, caller: { name: 'joe', role: 'maintainer' } }))).toMatchObject({ reason: 'forbidden' });
    expect(when(registered, { type: 'ApproveUser', data: { name: 'joe' }, caller: admin })[0]?.type).toBe('UserApproved');
    expect(refusal(when(registered, { type: 'RegisterUser', data: { name: 'joe', email: 'x@example.org', token: token('tok-00002') }, caller: undefined }))).toMatchObject({ reason: 'user-exists' });
  });

  it('lets a user issue and revoke only their own tokens (an admin any)', () => {
    const issued = when([janeCreated], { type: 'IssueToken', data: { user: 'jane', token: token() }, caller: jane });
    expect(issued[0]).toMatchObject({ type: 'TokenIssued', data: { id: 'tok-00001', user: 'jane', sha256: sha('a') } });
    expect(refusal(when([janeCreated], { type: 'IssueToken', data: { user: 'jane', token: token() }, caller: bob }))).toMatchObject({ reason: 'forbidden' });
    expect(refusal(when([janeCreated, ...issued], { type: 'RevokeToken', data: { user: 'jane', id: 'tok-00001' }, caller: bob }))).toMatchObject({ reason: 'forbidden' });
    const revoked = when([janeCreated, ...issued], { type: 'RevokeToken', data: { user: 'jane', id: 'tok-00001' }, caller: admin });
    expect(revoked[0]?.type).toBe('TokenRevoked');
    expect(refusal(when([janeCreated, ...issued, ...revoked], { type: 'RevokeToken', data: { user: 'jane', id: 'tok-00001' }, caller: jane }))).toMatchObject({ reason: 'token-absent' });
  });

  it('refuses a token above the user’s role, a duplicate name, an expired one, and more than the cap', () => {
    expect(refusal(when([janeCreated], { type: 'IssueToken', data: { user: 'jane', token: token('tok-00001', 'x', { role: 'staff' }) }, caller: jane }))?.message).toContain('cannot have the staff role');
    const issued = when([janeCreated], { type: 'IssueToken', data: { user: 'jane', token: token() }, caller: jane });
    expect(refusal(when([janeCreated, ...issued], { type: 'IssueToken', data: { user: 'jane', token: token('tok-00002') }, caller: jane }))?.message).toContain('already has a token named "laptop"');
    expect(refusal(when([janeCreated], { type: 'IssueToken', data: { user: 'jane', token: token('tok-00001', 'x', { expires: '2020-01-01T00:00:00Z' }) }, caller: jane }))?.message).toContain('has passed');
    const many = Array.from({ length: MAX_TOKENS_PER_USER }, (_, i) => TokenIssued.create({ id: `tok-${String(i).padStart(5, '0')}`, user: 'jane', name: `t${i}`, sha256: sha('b') }, eventMeta));
    expect(refusal(when([janeCreated, ...many], { type: 'IssueToken', data: { user: 'jane', token: token('tok-99999', 'one-more') }, caller: jane }))?.message).toContain('the most there may be');
  });

  it('issues no token to a pending or disabled user', () => {
    const pending = UserRegistered.create({ name: 'jane', email: 'jane@example.org' }, eventMeta);
    expect(refusal(when([pending], { type: 'IssueToken', data: { user: 'jane', token: token() }, caller: admin }))).toMatchObject({ reason: 'state' });
    const disabled = when([janeCreated], { type: 'DisableUser', data: { name: 'jane' }, caller: admin });
    expect(refusal(when([janeCreated, ...disabled], { type: 'IssueToken', data: { user: 'jane', token: token() }, caller: jane }))).toMatchObject({ reason: 'state' });
  });

  it('takes a user’s key once; only an admin approves it for repositories', () => {
    const submitted = when([janeCreated], { type: 'SubmitUserKey', data: { user: 'jane', fingerprint: FPR, uid: 'Jane <jane@example.org>', key: KEY }, caller: jane });
    expect(submitted[0]).toMatchObject({ type: 'UserKeySubmitted', data: { fingerprint: FPR } });
    expect(refusal(when([janeCreated], { type: 'SubmitUserKey', data: { user: 'jane', fingerprint: FPR, uid: '', key: KEY }, caller: bob }))).toMatchObject({ reason: 'forbidden' });
    expect(refusal(when([janeCreated, ...submitted], { type: 'SubmitUserKey', data: { user: 'jane', fingerprint: FPR, uid: '', key: KEY }, caller: jane }))).toMatchObject({ reason: 'key-exists' });
    expect(refusal(when([janeCreated, ...submitted], { type: 'ApproveUserKey', data: { user: 'jane', fingerprint: FPR, repositories: ['test'] }, caller: jane }))).toMatchObject({ reason: 'forbidden' });
    const approved = when([janeCreated, ...submitted], { type: 'ApproveUserKey', data: { user: 'jane', fingerprint: FPR, repositories: ['test', 'test'] }, caller: admin });
    expect(approved[0]).toMatchObject({ type: 'UserKeyApproved', data: { repositories: ['test'] } });
    const state = [janeCreated, ...submitted, ...approved].reduce(usersDecider.evolve, usersDecider.initialState());
    expect(state.keys.get(FPR)).toMatchObject({ state: 'approved', repositories: ['test'] });
  });

  it('changes roles and disables only by an admin, and not to the same state', () => {
    expect(when([janeCreated], { type: 'ChangeUserRole', data: { name: 'jane', role: 'staff' }, caller: admin })[0]).toMatchObject({ data: { role: 'staff', previous: 'maintainer' } });
    expect(refusal(when([janeCreated], { type: 'ChangeUserRole', data: { name: 'jane', role: 'maintainer' }, caller: admin }))).toMatchObject({ reason: 'state' });
    expect(refusal(when([janeCreated], { type: 'ChangeUserRole', data: { name: 'jane', role: 'admin' }, caller: jane }))).toMatchObject({ reason: 'forbidden' });
    expect(refusal(when([], { type: 'DisableUser', data: { name: 'jane' }, caller: admin }))).toMatchObject({ reason: 'user-absent' });
  });
});
