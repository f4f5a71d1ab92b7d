import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** Key types `gpg --quick-generate-key` takes that mbd's uploaders use. */
export type GnupgKeyAlgorithm = 'ed25519' | 'rsa3072' | 'rsa4096' | 'rsa1024';

export interface GnupgTimeOptions {
  /** Run gpg as if it were this time (`--faked-system-time`), e.g. to make a key that has expired since. */
  readonly fakedTime?: Date;
}

/**
 * For tests and benchmarks: a throwaway GnuPG home in a temp directory, driving the real `gpg` (and
 * `debsign`) the way an uploader does. Keys have no passphrase. Call `remove()` when done.
 */
export class GnupgHome {
  private constructor(readonly dir: string) {}

  static async create(): Promise<GnupgHome> {
    return new GnupgHome(await mkdtemp(join(tmpdir(), 'mbd-gnupg-')));
  }

  /** Environment for tools that read `GNUPGHOME` (gpg, debsign, dput). */
  get env(): Record<string, string> {
    return { GNUPGHOME: this.dir };
  }

  /** Generates a signing key (`expire`: gpg's notation, e.g. "0", "1d", "2y") and returns its fingerprint. */
  async generateKey(uid: string, algorithm: GnupgKeyAlgorithm, expire = '0', options: GnupgTimeOptions = {}): Promise<string> {
    await this.gpg(['--quick-generate-key', uid, algorithm, 'sign', expire], options);
    const { stdout } = await this.gpg(['--list-keys', '--with-colons', `=${uid}`]);
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(stdout)?.[1];
    if (!fingerprint) throw new Error(`gpg made no key for ${uid}:\n${stdout}`);
    return fingerprint;
  }

  /** `gpg --clearsign` of `text` with the key `fingerprint`. */
  async clearsign(text: string, fingerprint: string, options: GnupgTimeOptions & { digest?: string } = {}): Promise<string> {
    const digest = options.digest ? ['--digest-algo', options.digest] : [];
    return (await this.gpg(['--local-user', fingerprint, ...digest, '--clearsign'], options, text)).stdout + '\n';
  }

  /** `gpg --detach-sign --armor` of `data` with the key `fingerprint`. */
  async detachSign(data: string | Uint8Array, fingerprint: string): Promise<string> {
    return (await this.gpg(['--local-user', fingerprint, '--armor', '--detach-sign'], {}, data)).stdout + '\n';
  }

  /** Revokes the key with the revocation certificate GnuPG stored when it made it. */
  async revoke(fingerprint: string): Promise<void> {
    const certificate = await readFile(join(this.dir, 'openpgp-revocs.d', `${fingerprint}.rev`), 'utf8');
    // GnuPG prefixes the armor line with ':' so that the certificate is not imported by accident.
    await this.gpg(['--import'], {}, certificate.replace(/^:-----BEGIN/m, '-----BEGIN'));
  }

  /** The public keys (all if none named), armored. */
  async exportArmored(...fingerprints: string[]): Promise<string> {
    return (await this.gpg(['--armor', '--export', ...fingerprints])).stdout + '\n';
  }

  /** The public keys (all if none named) as a binary keyring. */
  async exportBinary(...fingerprints: string[]): Promise<Uint8Array> {
    const { stdout } = await execa('gpg', ['--batch', '--export', ...fingerprints], { env: this.env, encoding: 'buffer' });
    return stdout;
  }

  /** Signs a `.changes` file in place the way an uploader does: `debsign` with the key `fingerprint`. */
  async debsign(changesPath: string, fingerprint: string): Promise<void> {
    await execa('debsign', ['--no-conf', '--re-sign', `-k${fingerprint}`, changesPath], { env: this.env });
  }

  /** Stops this home's gpg-agent and deletes the directory. */
  async remove(): Promise<void> {
    await execa('gpgconf', ['--kill', 'all'], { env: this.env, reject: false });
    await rm(this.dir, { recursive: true, force: true });
  }

  private gpg(args: string[], options: GnupgTimeOptions = {}, input?: string | Uint8Array) {
    const time = options.fakedTime ? ['--faked-system-time', `${Math.floor(options.fakedTime.getTime() / 1000)}!`] : [];
    return execa('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...time, ...args], {
      env: this.env,
      input,
    });
  }
}
