import { z } from 'zod';

/**
 * A user's name: a Unix-like login (lowercase letter first, then lowercase letters, digits, `.`, `_`,
 * `-`), up to 32 characters. `admin` is the admin token's holder and names no account.
 */
export const userNamePattern = /^[a-z][a-z0-9._-]{0,31}$/;
export const userNameSchema = z
  .string()
  .regex(userNamePattern, 'a user name is 1 to 32 lowercase letters, digits, ".", "_" or "-", starting with a letter');

/** What an account may do: `admin` ⊇ `staff` ⊇ `maintainer`; `builder` is a remote builder's account. */
export const userRoleSchema = z.enum(['admin', 'staff', 'maintainer', 'builder']);

/** An e-mail address, as far as a form check goes (the mail server decides the rest). */
export const emailSchema = z.string().max(254).regex(/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/, 'an e-mail address is name@domain');

/** An API token's id (not the token): what lists, revocations and the audit log name. */
export const tokenIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a token id is 8 to 64 letters, digits, "_" or "-"');
