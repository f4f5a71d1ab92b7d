import type { Role } from './principal.js';

/** The roles a person can have, least first: each allows what the ones before it allow. */
const ladder: readonly Role[] = ['maintainer', 'staff', 'admin'];

/**
 * Whether `have` may do what needs `need`: admin ⊇ staff ⊇ maintainer; `builder` is apart (a remote
 * builder may take builds and return results, nothing else), and an admin may do a builder's calls too.
 */
export const roleAllows = (have: Role, need: Role): boolean => {
  if (have === 'admin') return true;
  if (need === 'builder' || have === 'builder') return have === need;
  return ladder.indexOf(have) >= ladder.indexOf(need);
};

/** The lesser of two roles a caller holds at once (a user's role and their token's); `builder` with a person's role is none. */
export const lesserRole = (a: Role, b: Role): Role | undefined => (roleAllows(a, b) ? b : roleAllows(b, a) ? a : undefined);

/** Whether the caller (a principal, or a command's caller) acts as an admin: the one spelling of that check. */
export const actsAsAdmin = (caller: { readonly role: Role } | undefined): boolean => caller !== undefined && roleAllows(caller.role, 'admin');
