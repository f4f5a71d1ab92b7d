import { describe, expect, it } from 'vitest';
import { lesserRole, roleAllows } from './roles.js';

describe('roles', () => {
  it('orders people: admin ⊇ staff ⊇ maintainer', () => {
    expect(roleAllows('admin', 'staff')).toBe(true);
    expect(roleAllows('staff', 'maintainer')).toBe(true);
    expect(roleAllows('staff', 'admin')).toBe(false);
    expect(roleAllows('maintainer', 'staff')).toBe(false);
    expect(roleAllows('maintainer', 'maintainer')).toBe(true);
  });

  it('keeps builders apart: a builder does builder calls only; only an admin besides', () => {
    expect(roleAllows('builder', 'builder')).toBe(true);
    expect(roleAllows('builder', 'maintainer')).toBe(false);
    expect(roleAllows('staff', 'builder')).toBe(false);
    expect(roleAllows('admin', 'builder')).toBe(true);
  });

  it('takes the lesser of a user’s and a token’s role', () => {
    expect(lesserRole('admin', 'maintainer')).toBe('maintainer');
    expect(lesserRole('maintainer', 'staff')).toBe('maintainer');
    expect(lesserRole('builder', 'maintainer')).toBeUndefined();
  });
});
