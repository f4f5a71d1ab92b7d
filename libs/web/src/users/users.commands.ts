import type { CommandMetadata } from '@mbd/archive';
import type { Role } from '../auth/principal.js';
import type { TokenRecord } from './user-account.js';

/** Who asks: an authenticated caller, or nobody (anonymous registration). */
export type Caller = { readonly name: string; readonly role: Role } | undefined;

interface UsersCommandBase<TType extends string, TData> {
  readonly type: TType;
  readonly data: TData;
  readonly caller: Caller;
  readonly metadata: CommandMetadata;
}

/** A token about to be issued: the caller made the secret and passes only its hash. */
export type NewToken = Omit<TokenRecord, 'user' | 'issuedAt' | 'revoked'>;

export type RegisterUser = UsersCommandBase<'RegisterUser', { readonly name: string; readonly email: string; readonly token: NewToken }>;
export type CreateUser = UsersCommandBase<'CreateUser', { readonly name: string; readonly role: Role; readonly email?: string }>;
export type ApproveUser = UsersCommandBase<'ApproveUser', { readonly name: string }>;
export type DisableUser = UsersCommandBase<'DisableUser', { readonly name: string; readonly reason?: string }>;
export type ChangeUserRole = UsersCommandBase<'ChangeUserRole', { readonly name: string; readonly role: Role }>;
export type IssueToken = UsersCommandBase<'IssueToken', { readonly user: string; readonly token: NewToken }>;
export type RevokeToken = UsersCommandBase<'RevokeToken', { readonly user: string; readonly id: string }>;
export type SubmitUserKey = UsersCommandBase<'SubmitUserKey', { readonly user: string; readonly fingerprint: string; readonly uid: string; readonly key: string }>;
export type ApproveUserKey = UsersCommandBase<'ApproveUserKey', { readonly user: string; readonly fingerprint: string; readonly repositories: readonly string[] }>;
export type RejectUserKey = UsersCommandBase<'RejectUserKey', { readonly user: string; readonly fingerprint: string; readonly reason?: string }>;

export type UsersCommand =
  | RegisterUser
  | CreateUser
  | ApproveUser
  | DisableUser
  | ChangeUserRole
  | IssueToken
  | RevokeToken
  | SubmitUserKey
  | ApproveUserKey
  | RejectUserKey;

/** The account a command is about (its stream `user-<name>`). */
export const userOfCommand = (command: UsersCommand): string => ('name' in command.data ? command.data.name : command.data.user);
