import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { ArchiveKeyError } from '../errors.js';
import { messageOf } from '../verify/accept-signatures.js';
import type { ArchiveKey } from './archive-key.js';

export interface RepreproSignHook {
  /** The value for `SignWith:` in reprepro's conf/distributions: `! <script>`. */
  readonly signWith: string;
  /** The GnuPG home holding the archive key, for stopping its gpg-agent (`gpgconf --kill all`). */
  readonly gnupgHome: string;
}

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Lets reprepro sign with the archive key as part of its own export, so that `Release`, `InRelease`
 * and `Release.gpg` are published together (reprepro exporting without `SignWith` deletes the old
 * signatures, leaving the distribution unsigned until signReleaseFiles runs). Imports the key into a
 * GnuPG home `<dir>/gnupg` (0700) and writes the hook script `<dir>/sign-release` that reprepro calls
 * with the Release, the InRelease to write and the Release.gpg to write (reprepro(1), SignWith).
 */
export async function writeRepreproSignHook(dir: string, key: ArchiveKey): Promise<RepreproSignHook> {
  const gnupgHome = join(dir, 'gnupg');
  const script = join(dir, 'sign-release');
  try {
    await mkdir(gnupgHome, { recursive: true, mode: 0o700 });
    await chmod(gnupgHome, 0o700);
    await execa('gpg', ['--batch', '--quiet', '--import'], { env: { GNUPGHOME: gnupgHome }, input: key.armoredPrivateKey() });
  } catch (error) {
    throw new ArchiveKeyError(`cannot import the archive key ${key.fingerprint} into ${gnupgHome}: ${messageOf(error)}`, { cause: error });
  }
  const gpg = `gpg --batch --yes --no-tty --quiet --local-user ${key.fingerprint}`;
  const body = [
    '#!/bin/sh',
    '# Written by mbd: reprepro signs Release with the archive key through this (SignWith: ! <this file>).',
    '# $1: the Release; $2: the InRelease to write, or empty; $3: the Release.gpg to write, or empty.',
    'set -e',
    `export GNUPGHOME=${shellQuote(gnupgHome)}`,
    `if [ -n "$2" ]; then ${gpg} --clearsign --output "$2" "$1"; fi`,
    `if [ -n "$3" ]; then ${gpg} --armor --detach-sign --output "$3" "$1"; fi`,
    '',
  ].join('\n');
  // A temporary name of its own, so that two writers at once (two trees on one root) cannot collide.
  const temporary = `${script}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, body, { mode: 0o700 });
    await rename(temporary, script);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new ArchiveKeyError(`cannot write the signing hook ${script}: ${messageOf(error)}`, { cause: error });
  }
  return { signWith: `! ${script}`, gnupgHome };
}
