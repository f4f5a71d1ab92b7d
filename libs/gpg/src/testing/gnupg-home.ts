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
 *
 * Every gpg run on one home waits for the one before it, whatever the caller awaits: GnuPG 2.2 does
 * not survive concurrent runs on one home directory. Two `--quick-generate-key` at once fail now and
 * then with "no writable public keyring found" or "keydb_search failed" — always on a new home (both
 * try to create `pubring.kbx`), and still, less often, on one whose keybox and trustdb exist.
 */
export class GnupgHome {
  /** The last gpg run queued on this home; the next one starts when it has ended, failed or not. */
  private last: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string) {}

  static async create(): Promise<GnupgHome> {
    const home = new GnupgHome(await mkdtemp(join(tmpdir(), 'mbd-gnupg-')));
    // Create the keybox and trustdb now, with nothing else running, rather than in whichever run comes first.
    await home.gpg(['--list-keys']);
    return home;
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

  /** `gpg --import` of armored keys (someone else's public key, a revocation). */
  async importArmored(armored: string): Promise<void> {
    await this.gpg(['--import'], {}, armored);
  }

  /** The public keys (all if none named), armored. */
  async exportArmored(...fingerprints: string[]): Promise<string> {
    return (await this.gpg(['--armor', '--export', ...fingerprints])).stdout + '\n';
  }

  /** The public keys (all if none named) as a binary keyring. */
  async exportBinary(...fingerprints: string[]): Promise<Uint8Array> {
    // stripFinalNewline off, or execa cuts a final 0x0a byte. An export ends with its self-signature's last
    // byte; for an Ed25519 key that is the top byte of the scalar S (below 0x10): 0x0a one time in 16.
    const { stdout } = await this.serially(() =>
      execa('gpg', ['--batch', '--export', ...fingerprints], { env: this.env, encoding: 'buffer', stripFinalNewline: false }),
    );
    return stdout;
  }

  /** Signs a `.changes` file in place the way an uploader does: `debsign` with the key `fingerprint`. */
  async debsign(changesPath: string, fingerprint: string): Promise<void> {
    await this.serially(() => execa('debsign', ['--no-conf', '--re-sign', `-k${fingerprint}`, changesPath], { env: this.env }));
  }

  /** Stops this home's gpg-agent and deletes the directory. */
  async remove(): Promise<void> {
    await this.serially(() => execa('gpgconf', ['--kill', 'all'], { env: this.env, reject: false }));
    await rm(this.dir, { recursive: true, force: true });
  }

  private gpg(args: string[], options: GnupgTimeOptions = {}, input?: string | Uint8Array) {
    const time = options.fakedTime ? ['--faked-system-time', `${Math.floor(options.fakedTime.getTime() / 1000)}!`] : [];
    return this.serially(() =>
      execa('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...time, ...args], { env: this.env, input }),
    );
  }

  /** Runs `task` once every run queued before it on this home has ended. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.last.then(task);
    this.last = run.catch(() => undefined);
    return run;
  }
}
