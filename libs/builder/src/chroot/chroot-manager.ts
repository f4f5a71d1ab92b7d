import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { architectureSchema, chrootConfigSchema, codenameSchema } from '@mbd/events';
import { z } from 'zod';
import { ChrootBusyError, ChrootExistsError, ChrootNotFoundError } from '../errors.js';
import { runTool } from '../run-tool.js';
import { endSchrootSession, listSchrootSessions } from '../schroot/schroot-sessions.js';
import { type Chroot, type ChrootMode, defaultChrootInclude, defaultChrootMode } from './chroot.js';
import { mmdebstrapArguments } from './mmdebstrap-arguments.js';
import { renderSchrootConf } from './schroot-conf.js';

export interface ChrootManagerOptions {
  /** Where tarballs, unpacked directories and their records live: `<dataDir>/chroots`. */
  readonly dir: string;
  /** Prefix of schroot chroot names (`<prefix>-<codename>-<arch>`); one per data directory on a machine. Default `mbd`. */
  readonly namePrefix?: string;
  /** Default: schroot as root, unshare otherwise. */
  readonly mode?: ChrootMode;
  /** Default: defaultChrootInclude. */
  readonly include?: readonly string[];
  /** Where schroot reads chroot definitions. Default `/etc/schroot/chroot.d`. */
  readonly schrootConfDir?: string;
}

export interface ChrootSpec {
  readonly codename: string;
  readonly architecture: string;
  /** Debian mirror URL the chroot is made from (and its apt sources point at). */
  readonly mirror: string;
}

const chrootRecordSchema = chrootConfigSchema.extend({
  name: z.string().min(1),
  mode: z.enum(['schroot', 'unshare']),
  directory: z.string().optional(),
  schrootConf: z.string().optional(),
  include: z.array(z.string()),
  createdAt: z.string(),
  seconds: z.number().nonnegative(),
});

/**
 * Makes, remakes, removes and lists the build chroots of one data directory, one per codename and
 * architecture. A chroot is an mmdebstrap `buildd` tarball `<dir>/<codename>-<arch>.tar.zst` (its
 * SHA-256 recorded) and, in schroot mode, the tarball unpacked once into `<dir>/<codename>-<arch>/`
 * with a `union-type=overlay` schroot definition, so every build starts from the pristine directory.
 * `<dir>/<codename>-<arch>.json` records what was made. Replacing or removing a chroot is refused
 * while a schroot session (a build) uses it.
 */
export class ChrootManager {
  readonly dir: string;
  readonly mode: ChrootMode;
  private readonly namePrefix: string;
  private readonly include: readonly string[];
  private readonly schrootConfDir: string;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(options: ChrootManagerOptions) {
    this.dir = options.dir;
    this.mode = options.mode ?? defaultChrootMode();
    this.namePrefix = options.namePrefix ?? 'mbd';
    this.include = options.include ?? defaultChrootInclude;
    this.schrootConfDir = options.schrootConfDir ?? '/etc/schroot/chroot.d';
  }

  /** Makes the chroot; refuses if it exists (ChrootExistsError). */
  create(spec: ChrootSpec, signal?: AbortSignal): Promise<Chroot> {
    return this.locked(spec, async () => {
      const existing = await this.get(spec.codename, spec.architecture);
      if (existing !== undefined) throw new ChrootExistsError(spec.codename, spec.architecture, existing.tarball.path);
      return this.make(spec, signal);
    });
  }

  /**
   * Remakes the chroot from its mirror (or a new one) with current packages, then swaps it in.
   * Refused while builds use it (ChrootBusyError).
   */
  update(codename: string, architecture: string, mirror?: string, signal?: AbortSignal): Promise<Chroot> {
    return this.locked({ codename, architecture }, async () => {
      const existing = await this.require(codename, architecture);
      await this.assertIdle(existing);
      return this.make({ codename, architecture, mirror: mirror ?? existing.mirror }, signal);
    });
  }

  /** Removes the tarball, the directory, the schroot definition and the record. Refused while builds use it. */
  remove(codename: string, architecture: string): Promise<void> {
    return this.locked({ codename, architecture }, async () => {
      const existing = await this.require(codename, architecture);
      await this.assertIdle(existing);
      const paths = this.paths(codename, architecture);
      if (existing.schrootConf !== undefined) await rm(existing.schrootConf, { force: true });
      await rm(paths.record, { force: true });
      await rm(paths.tarball, { force: true });
      await rm(paths.directory, { recursive: true, force: true });
    });
  }

  async list(): Promise<Chroot[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const chroots: Chroot[] = [];
    for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
      chroots.push(await this.readRecord(join(this.dir, name)));
    }
    return chroots;
  }

  async get(codename: string, architecture: string): Promise<Chroot | undefined> {
    const { record } = this.paths(codename, architecture);
    const exists = await stat(record).then(() => true, () => false);
    return exists ? this.readRecord(record) : undefined;
  }

  /** The chroot, or ChrootNotFoundError. */
  async require(codename: string, architecture: string): Promise<Chroot> {
    const chroot = await this.get(codename, architecture);
    if (chroot === undefined) throw new ChrootNotFoundError(codename, architecture, this.dir);
    return chroot;
  }

  /**
   * Ends the schroot sessions of this manager's chroots that a crash left open (gotcha G4). Call it
   * only while no build runs, e.g. at start-up. Returns the sessions ended.
   */
  async endStaleSessions(): Promise<string[]> {
    if (this.mode !== 'schroot') return [];
    const ended: string[] = [];
    for (const chroot of await this.list()) {
      for (const session of await listSchrootSessions(chroot.name)) {
        await endSchrootSession(session);
        ended.push(session);
      }
    }
    return ended;
  }

  private async make(spec: ChrootSpec, signal: AbortSignal | undefined): Promise<Chroot> {
    const codename = codenameSchema.parse(spec.codename);
    const architecture = architectureSchema.parse(spec.architecture);
    const paths = this.paths(codename, architecture);
    const started = performance.now();
    const createdAt = new Date().toISOString();
    await mkdir(this.dir, { recursive: true });
    const tag = `new-${process.pid}-${Date.now()}`;
    const newTarball = join(this.dir, `${codename}-${architecture}.${tag}.tar.zst`);
    const newDirectory = join(this.dir, `${codename}-${architecture}.${tag}`);
    const oldDirectory = join(this.dir, `${codename}-${architecture}.old-${process.pid}-${Date.now()}`);
    try {
      await runTool('mmdebstrap', mmdebstrapArguments({ codename, architecture, mirror: spec.mirror, include: this.include, tarball: newTarball }), { signal });
      const tarball = { path: paths.tarball, ...(await sha256OfFile(newTarball)) };
      if (this.mode === 'schroot') {
        await mkdir(newDirectory);
        await runTool('tar', ['--zstd', '--extract', '--file', newTarball, '--directory', newDirectory], { signal });
        await rename(paths.directory, oldDirectory).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        await rename(newDirectory, paths.directory);
      }
      await rename(newTarball, paths.tarball);
      const chroot: Chroot = {
        codename,
        architecture,
        mirror: spec.mirror,
        tarball,
        name: this.name(codename, architecture),
        mode: this.mode,
        directory: this.mode === 'schroot' ? paths.directory : undefined,
        schrootConf: this.mode === 'schroot' ? paths.schrootConf : undefined,
        include: [...this.include],
        createdAt,
        seconds: Math.round((performance.now() - started) / 100) / 10,
      };
      if (this.mode === 'schroot') {
        await mkdir(this.schrootConfDir, { recursive: true });
        await writeFile(paths.schrootConf, renderSchrootConf({ name: chroot.name, codename, architecture, directory: paths.directory, eatmydata: this.include.includes('eatmydata') }));
      }
      await writeFile(paths.record, `${JSON.stringify(chroot, null, 2)}\n`);
      return chroot;
    } finally {
      await rm(newTarball, { force: true });
      await rm(newDirectory, { recursive: true, force: true });
      await rm(oldDirectory, { recursive: true, force: true });
    }
  }

  private async assertIdle(chroot: Chroot): Promise<void> {
    if (chroot.mode !== 'schroot') return;
    const sessions = await listSchrootSessions(chroot.name);
    if (sessions.length > 0) throw new ChrootBusyError(chroot.name, sessions);
  }

  private async readRecord(path: string): Promise<Chroot> {
    const record = chrootRecordSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    return { ...record, directory: record.directory, schrootConf: record.schrootConf };
  }

  private name(codename: string, architecture: string): string {
    return `${this.namePrefix}-${codename}-${architecture}`;
  }

  private paths(codename: string, architecture: string) {
    const base = `${codenameSchema.parse(codename)}-${architectureSchema.parse(architecture)}`;
    return {
      tarball: join(this.dir, `${base}.tar.zst`),
      directory: join(this.dir, base),
      record: join(this.dir, `${base}.json`),
      schrootConf: join(this.schrootConfDir, this.name(codename, architecture)),
    };
  }

  /** One operation at a time per chroot in this process. */
  private locked<T>(key: { codename: string; architecture: string }, operation: () => Promise<T>): Promise<T> {
    const id = `${key.codename}-${key.architecture}`;
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(operation, operation);
    const settled = next.catch(() => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }
}

async function sha256OfFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return { sha256: hash.digest('hex'), size: (await stat(path)).size };
}
