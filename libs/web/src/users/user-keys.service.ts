import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { CommandMetadata } from '@mbd/archive';
import { Keyring, describeKey } from '@mbd/gpg';
import { ConfigurationService, UploaderCommandsService } from '@mbd/workflows';
import type { Caller } from './users.commands.js';
import { AccountsService, type UserAccount } from './accounts.service.js';

/**
 * set_user_key: a user submits their OpenPGP public key; an admin approves it for repositories, and it
 * becomes an uploader key of each (UploaderAdded, by the approving admin), or rejects it (an approved
 * key's upload rights are withdrawn with it).
 */
@Injectable()
export class UserKeysService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly configuration: ConfigurationService,
    private readonly uploaders: UploaderCommandsService,
  ) {}

  /**
   * Checks the armored key (exactly one OpenPGP public key) and records it as submitted. A key another
   * account holds is refused: whoever submits someone else's key could otherwise have it rejected.
   */
  async submit(user: string, armored: string, caller: Caller, metadata: CommandMetadata) {
    const keyring = await Keyring.fromArmored(armored, 'user key').catch((error: unknown) => {
      throw new BadRequestException(`not an OpenPGP public key: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (keyring.keys.length !== 1) throw new BadRequestException(`send exactly one public key (got ${keyring.keys.length})`);
    const fingerprint = keyring.fingerprints[0]!;
    const holder = this.accounts.users().find((account) => account.name !== user && account.keys.some((key) => key.fingerprint === fingerprint));
    if (holder) throw new ConflictException(`the key ${fingerprint} belongs to another account: each key is one account's`);
    await this.accounts.execute({ type: 'SubmitUserKey', data: { user, fingerprint, uid: describeKey(keyring.keys[0]!).slice(0, 500), key: armored }, caller, metadata });
    return { user, fingerprint, state: 'submitted' as const };
  }

  /**
   * Records the approval first (a refused one changes nothing), then makes the key an uploader of
   * exactly `repositories` (added where it is not one yet; withdrawn from those an earlier approval
   * granted and this one leaves out).
   */
  async approve(user: string, fingerprint: string, repositories: readonly string[], caller: Caller, metadata: CommandMetadata) {
    const before = this.keyOf(user, fingerprint);
    const current = this.configuration.current();
    const unknown = repositories.filter((repository) => !current.repositories.has(repository));
    if (unknown.length > 0) throw new NotFoundException(`no repository ${unknown.join(', ')}`);
    await this.accounts.execute({ type: 'ApproveUserKey', data: { user, fingerprint, repositories }, caller, metadata });
    for (const repository of repositories) {
      if (current.uploaders.some((uploader) => uploader.repository === repository && uploader.fingerprint === fingerprint)) continue;
      await this.uploaders.add(repository, before.armored, metadata.actor);
    }
    await this.withdraw(before, (repository) => !repositories.includes(repository), metadata);
    return this.keyOf(user, fingerprint);
  }

  /** Records the rejection first, then withdraws the upload rights its approval granted (those only: the same key may be an uploader by other means). */
  async reject(user: string, fingerprint: string, reason: string | undefined, caller: Caller, metadata: CommandMetadata) {
    const before = this.keyOf(user, fingerprint);
    await this.accounts.execute({ type: 'RejectUserKey', data: { user, fingerprint, ...(reason === undefined ? {} : { reason }) }, caller, metadata });
    await this.withdraw(before, () => true, metadata);
    return { user, fingerprint, rejected: true };
  }

  /** Removes the uploader entries `key`'s approval granted for the repositories `withdrawn` picks. */
  private async withdraw(key: UserAccount['keys'][number], withdrawn: (repository: string) => boolean, metadata: CommandMetadata) {
    if (key.state !== 'approved') return;
    for (const uploader of this.configuration.current().uploaders) {
      if (uploader.fingerprint === key.fingerprint && key.repositories.includes(uploader.repository) && withdrawn(uploader.repository))
        await this.uploaders.remove(uploader.repository, key.fingerprint, metadata.actor);
    }
  }

  private keyOf(user: string, fingerprint: string) {
    const key = this.accounts.user(user)?.keys.find((candidate) => candidate.fingerprint === fingerprint);
    if (!key) throw new NotFoundException(`${user} has no key ${fingerprint}`);
    return key;
  }
}
