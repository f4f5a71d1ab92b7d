import { HttpException, HttpStatus, Injectable, Logger, ServiceUnavailableException, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Serializer } from '@mbd/projections';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore, LogFollower, MemoryCheckpoint, eventCatalogue, handleCommand, readAllPages, userStream, type RecordedEvent, type UserEvent, type UserRefusalReason } from '@mbd/events';
import type { Principal, Role } from '../auth/principal.js';
import { principalOfToken, type TokenVerdict } from '../auth/token-check.js';
import { evolveUserAccount, initialUserAccount, type TokenRecord, type UserAccountState } from './user-account.js';
import { userOfCommand, type RegisterUser, type UsersCommand } from './users.commands.js';
import { usersDecider } from './users.decider.js';
import { tokenHash } from './token-secret.js';

/** An account as other parts of mbd see it (subscriptions, builders, mail). */
export interface UserAccount {
  readonly name: string;
  readonly role: Role;
  readonly email?: string;
  readonly state: 'pending' | 'active' | 'disabled';
  readonly keys: readonly { readonly fingerprint: string; readonly armored: string; readonly state: 'submitted' | 'approved'; readonly repositories: readonly string[] }[];
}

/** A token as lists show it: its id, name and limits, never a secret or hash. */
export interface TokenInfo {
  readonly id: string;
  readonly user: string;
  readonly name: string;
  readonly role?: Role;
  readonly repositories?: readonly string[];
  readonly readOnly?: boolean;
  readonly expires?: string;
  readonly issuedAt: string;
}

const refusalStatus: Record<UserRefusalReason, number> = {
  forbidden: HttpStatus.FORBIDDEN,
  'user-exists': HttpStatus.CONFLICT,
  'key-exists': HttpStatus.CONFLICT,
  'user-absent': HttpStatus.NOT_FOUND,
  'token-absent': HttpStatus.NOT_FOUND,
  'key-absent': HttpStatus.NOT_FOUND,
  'not-pending': HttpStatus.CONFLICT,
  state: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
};

const userEventTypes: ReadonlySet<string> = new Set(
  eventCatalogue.filter((descriptor) => ['User', 'Token'].some((prefix) => descriptor.type.startsWith(prefix))).map((descriptor) => descriptor.type),
);
const isUserEvent = (event: RecordedEvent): event is RecordedEvent<UserEvent> => event.streamId.startsWith('user-') && userEventTypes.has(event.type);

export const toUserAccount = (account: UserAccountState): UserAccount => ({
  name: account.name,
  role: account.role,
  ...(account.email === undefined ? {} : { email: account.email }),
  state: account.state === 'absent' ? 'pending' : account.state,
  keys: [...account.keys.values()].map(({ fingerprint, armored, state, repositories }) => ({ fingerprint, armored, state, repositories })),
});

export const toTokenInfo = ({ id, user, name, role, repositories, readOnly, expires, issuedAt }: TokenRecord): TokenInfo => ({
  id,
  user,
  name,
  issuedAt,
  ...(role === undefined ? {} : { role }),
  ...(repositories === undefined ? {} : { repositories }),
  ...(readOnly ? { readOnly } : {}),
  ...(expires === undefined ? {} : { expires }),
});

/**
 * The accounts (users, builders), their tokens (as hashes) and keys, folded from the user streams at
 * start-up and kept current by following the log, so a token is checked from memory. What this
 * daemon appends is folded at once (a revoked token is refused on the next request, not when the
 * follower gets there); several daemons on one store see each other's changes through the follower.
 */
@Injectable()
export class AccountsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('accounts');
  private readonly accounts = new Map<string, UserAccountState>();
  /** The last stream version folded, per user stream: each event is folded once, whoever sees it first. */
  private readonly folded = new Map<string, number>();
  private readonly tokensByHash = new Map<string, TokenRecord>();
  private position = 0;
  private follower?: LogFollower;
  /** Registrations one at a time: each counts the pending accounts the one before it made. */
  private readonly registrations = new Serializer();

  constructor(
    private readonly store: EventStore,
    @InjectConfig() private readonly config: MbdConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    for await (const event of readAllPages(this.store, 0)) this.fold(event);
    this.follower = new LogFollower({
      name: 'accounts',
      store: this.store,
      checkpoint: new MemoryCheckpoint(this.position),
      accepts: isUserEvent,
      maxBatch: 100,
      handle: async (events) => {
        for (const event of events) this.fold(event);
      },
    });
    await this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }

  user(name: string): UserAccount | undefined {
    const account = this.accounts.get(name);
    return account ? toUserAccount(account) : undefined;
  }

  /** Every account, pending and disabled ones included, by name. */
  users(): UserAccount[] {
    return [...this.accounts.values()].map(toUserAccount).sort((a, b) => a.name.localeCompare(b.name));
  }

  activeUsers(): UserAccount[] {
    return this.users().filter((user) => user.state === 'active');
  }

  /** The tokens of `user` in use (not revoked), without secrets. */
  tokens(user: string): TokenInfo[] {
    return [...(this.accounts.get(user)?.tokens.values() ?? [])].filter((token) => !token.revoked).map(toTokenInfo);
  }

  /** The token `id` in use, whoever's it is (for a revocation that names no user). */
  findToken(id: string): TokenInfo | undefined {
    for (const account of this.accounts.values()) {
      const token = account.tokens.get(id);
      if (token && !token.revoked) return toTokenInfo(token);
    }
    return undefined;
  }

  /** Who presents `token` (not the admin token), or why nobody (401) or why not now (403). */
  authenticate(token: string, now = new Date()): TokenVerdict {
    const record = this.tokensByHash.get(tokenHash(token));
    return principalOfToken(record, record ? this.accounts.get(record.user) : undefined, now);
  }

  /** The principal of a page session made with the token `tokenId` of `user`, while that token and its user are good. */
  sessionPrincipal(user: string, tokenId: string, now = new Date()): Principal | undefined {
    const verdict = principalOfToken(this.accounts.get(user)?.tokens.get(tokenId), this.accounts.get(user), now);
    return 'principal' in verdict ? { ...verdict.principal, via: 'session' } : undefined;
  }

  /** Accounts waiting for an admin's approval. */
  pendingCount(): number {
    return [...this.accounts.values()].filter((account) => account.state === 'pending').length;
  }

  /** Whether anonymous registration takes one more account now. */
  registrationOpen(): boolean {
    return this.pendingCount() < this.config.maxPendingRegistrations;
  }

  /**
   * An anonymous registration, while fewer than MBD_MAX_PENDING_REGISTRATIONS wait (a 503 beyond):
   * the count and the append take turns, so concurrent registrations do not overshoot it. (Daemons
   * sharing one store each keep their own turn: together they may exceed it by one per daemon.)
   */
  register(command: RegisterUser): Promise<RecordedEvent<UserEvent>[]> {
    return this.registrations.run(async () => {
      if (!this.registrationOpen()) throw new ServiceUnavailableException('registration is closed or too many registrations wait for approval: ask an admin');
      return this.execute(command);
    });
  }

  /**
   * Runs a command on an account's stream and folds what it appended at once. A refusal is recorded
   * (UserCommandRefused) when an authenticated caller made it, and answered as an HttpException with
   * its reason; an anonymous caller's refusal is answered but not recorded (nobody may fill the log).
   */
  async execute(command: UsersCommand): Promise<RecordedEvent<UserEvent>[]> {
    const anonymous = command.caller === undefined;
    const decider = anonymous
      ? {
          ...usersDecider,
          decide: (cmd: UsersCommand, state: UserAccountState) => {
            const events = usersDecider.decide(cmd, state) as UserEvent[];
            const refused = events.find((event) => event.type === 'UserCommandRefused');
            if (refused?.type === 'UserCommandRefused') throw new HttpException(refused.data.message, refusalStatus[refused.data.reason]);
            return events;
          },
        }
      : usersDecider;
    const streamId = userStream(userOfCommand(command));
    const result = await handleCommand(this.store, streamId, decider, command);
    // The command read the whole stream: its state includes what another daemon appended that the follower has not brought yet.
    const last = result.events.at(-1);
    if (last) this.keep(streamId, result.state, last.streamVersion);
    const refused = result.events.find((event) => event.type === 'UserCommandRefused');
    if (refused?.type === 'UserCommandRefused') throw new HttpException(refused.data.message, refusalStatus[refused.data.reason]);
    return result.events;
  }

  private fold(event: RecordedEvent): void {
    this.position = Math.max(this.position, event.position);
    if (!isUserEvent(event)) return;
    const folded = this.folded.get(event.streamId) ?? -1;
    if (folded >= event.streamVersion) return;
    try {
      const before = this.accounts.get(event.streamId.slice('user-'.length)) ?? initialUserAccount();
      this.keep(event.streamId, evolveUserAccount(before, event), event.streamVersion);
    } catch (error) {
      this.logger.error(`skipped the ${event.type} at position ${event.position}: ${error instanceof Error ? error.message : String(error)}`);
      this.folded.set(event.streamId, event.streamVersion);
    }
  }

  /** The account as of its stream's `version`, its tokens indexed by hash. */
  private keep(streamId: string, account: UserAccountState, version: number): void {
    if ((this.folded.get(streamId) ?? -1) >= version) return;
    this.folded.set(streamId, version);
    if (account.state === 'absent') return; // a stream of refusals only: no account
    this.accounts.set(account.name, account);
    for (const token of account.tokens.values()) this.tokensByHash.set(token.sha256, token);
  }
}
