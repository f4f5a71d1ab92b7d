import { describe, expect, it } from 'vitest';
import type { TokenRecord, UserAccountState } from '../users/user-account.js';
import { accessRefusal, principalOfToken } from './token-check.js';

const now = new Date('2026-12-01T10:00:00Z');
const token: TokenRecord = { id: 'tok-00001', user: 'jane', name: 'laptop', sha256: 'a'.repeat(64), issuedAt: '2026-11-01T00:00:00Z', revoked: false };
const jane: UserAccountState = { name: 'jane', role: 'staff', state: 'active', email: 'jane@example.org', tokens: new Map([[token.id, token]]), keys: new Map() };

describe('token checks', () => {
  it('takes a known token of an active user, with the user’s role', () => {
    expect(principalOfToken(token, jane, now)).toEqual({ principal: { name: 'jane', role: 'staff', via: 'token', tokenId: 'tok-00001', email: 'jane@example.org' } });
  });

  it('refuses revoked, expired, unknown tokens (401) and pending or disabled users (403)', () => {
    expect(principalOfToken({ ...token, revoked: true }, jane, now)).toMatchObject({ status: 401, reason: expect.stringContaining('revoked') });
    expect(principalOfToken({ ...token, expires: '2026-12-01T09:59:59Z' }, jane, now)).toMatchObject({ status: 401, reason: expect.stringContaining('expired') });
    expect(principalOfToken(undefined, jane, now)).toMatchObject({ status: 401 });
    expect(principalOfToken(token, undefined, now)).toMatchObject({ status: 401 });
    expect(principalOfToken(token, { ...jane, state: 'pending' }, now)).toMatchObject({ status: 403, reason: expect.stringContaining("admin's approval") });
    expect(principalOfToken(token, { ...jane, state: 'disabled' }, now)).toMatchObject({ status: 403 });
  });

  it('acts with the lesser of the user’s and the token’s role', () => {
    expect(principalOfToken({ ...token, role: 'maintainer' }, jane, now)).toMatchObject({ principal: { role: 'maintainer' } });
    expect(principalOfToken({ ...token, role: 'admin' }, jane, now)).toMatchObject({ principal: { role: 'staff' } });
    expect(principalOfToken({ ...token, role: 'builder' }, jane, now)).toMatchObject({ status: 403 });
  });

  it('refuses a too-low role, a write with a read-only token, and another repository', () => {
    const maintainer = { name: 'jane', role: 'maintainer', via: 'token', tokenId: 't1' } as const;
    expect(accessRefusal(maintainer, { role: 'staff', write: true })).toBe('this call needs the staff role; jane acts as maintainer');
    expect(accessRefusal(maintainer, { role: 'maintainer', write: true })).toBeUndefined();
    expect(accessRefusal({ ...maintainer, readOnly: true }, { role: 'maintainer', write: true })).toContain('read-only');
    expect(accessRefusal({ ...maintainer, readOnly: true }, { role: 'maintainer', write: false })).toBeUndefined();
    expect(accessRefusal({ ...maintainer, repositories: ['test'] }, { role: 'maintainer', write: true, reaches: ['other'] })).toContain('limited to test, not other');
    expect(accessRefusal({ ...maintainer, repositories: ['test'] }, { role: 'maintainer', write: true, reaches: ['test', 'other'] })).toContain('limited to test, not other');
    expect(accessRefusal({ ...maintainer, repositories: ['test'] }, { role: 'maintainer', write: true, reaches: ['test'] })).toBeUndefined();
    expect(accessRefusal(maintainer, { role: 'maintainer', write: true })).toBeUndefined();
  });

  it('fails closed: a repository-limited token is refused where a call names no repository, and taken on calls about its own account', () => {
    const limited = { name: 'jane', role: 'staff', via: 'token', tokenId: 't1', repositories: ['test'] } as const;
    expect(accessRefusal(limited, { role: 'staff', write: true })).toContain('names no repository');
    expect(accessRefusal(limited, { role: 'staff', write: true, reaches: [] })).toContain('names no repository');
    expect(accessRefusal(limited, { role: 'maintainer', write: true, reaches: 'account' })).toBeUndefined();
  });
});
