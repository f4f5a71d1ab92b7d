import { describe, expect, it } from 'vitest';
import { basicPassword, bearerToken, isAdminToken } from './admin-token-check.js';

const token = '0123456789abcdef0123';

describe('admin token check', () => {
  it('never lets an empty or short expected token match, whatever is sent', () => {
    expect(isAdminToken('', '')).toBe(false);
    expect(isAdminToken(undefined, '')).toBe(false);
    expect(isAdminToken('short', 'short')).toBe(false);
  });

  it('matches exactly the token', () => {
    expect(isAdminToken(token, token)).toBe(true);
    expect(isAdminToken(`${token}x`, token)).toBe(false);
    expect(isAdminToken(token.slice(1), token)).toBe(false);
    expect(isAdminToken(undefined, token)).toBe(false);
  });

  it('reads Bearer and Basic credentials', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(basicPassword(`Basic ${Buffer.from(`apt:${token}`).toString('base64')}`)).toBe(token);
    expect(basicPassword(`Basic ${Buffer.from(token).toString('base64')}`)).toBeUndefined();
    expect(basicPassword(`Bearer ${token}`)).toBeUndefined();
  });
});
