import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { UnfinishedEffectError } from '@mbd/events';
import { RepreproError } from '../errors.js';
import { confOptions, renderConfDistributions } from './reprepro-conf.js';
import { Reprepro, type RepreproCallOptions, type RepreproDistribution, type RepreproListEntry } from './reprepro.port.js';

const listFormat = '${package}\\t${version}\\t${$architecture}\\t${$component}\\t${$source}\\t${$sourceversion}\\n';

const exportFlag = (options?: RepreproCallOptions): string => `--export=${options?.export === 'never' ? 'silent-never' : 'changed'}`;

/** Whether `eatmydata` (Debian package eatmydata) can be started here. */
const eatmydataFound = (): Promise<boolean> =>
  execa('eatmydata', ['true'], { reject: false, stdin: 'ignore' }).then(
    (result) => !result.failed && result.exitCode === 0,
    () => false,
  );

/**
 * Drives the `reprepro` program (execa, exit status and stderr checked). All calls on one tree go
 * through one queue, because reprepro's db/lockfile makes a concurrent call fail (gotcha G10).
 *
 * Durability: reprepro fdatasyncs its packages.db about twice per package, which makes a call on many
 * packages wait on the disk a thousand times (most of its time on a busy disk, and the runs' spread).
 * When `eatmydata` is installed, a call that changes the tree runs under it and is followed by one
 * `sync -f <tree>` (syncfs of the tree's file system) before it is reported done, so everything it
 * wrote is on disk when it returns — as with reprepro's own syncs, and before the caller advances a
 * checkpoint. Without eatmydata reprepro syncs as it always does.
 */
export class RepreproAdapter extends Reprepro {
  private readonly queues = new Map<string, Promise<unknown>>();
  private eatmydata?: Promise<boolean>;

  constructor(private readonly program = 'reprepro') {
    super();
  }

  async configure(basedir: string, distributions: readonly RepreproDistribution[]): Promise<void> {
    const conf = join(basedir, 'conf', 'distributions');
    const vanished = await this.serialize(basedir, async () => {
      const before = await readFile(conf, 'utf8').catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
        throw error;
      });
      await mkdir(join(basedir, 'conf'), { recursive: true });
      await writeFile(conf, renderConfDistributions(distributions));
      await writeFile(join(basedir, 'conf', 'options'), confOptions);
      const kept = new Set(distributions.map((distribution) => distribution.name));
      return [...before.matchAll(/^Codename: (\S+)$/gm)].some(([, name]) => !kept.has(name!));
    });
    if (vanished) await this.run(basedir, ['--delete', 'clearvanished'], { changes: true });
  }

  async include(basedir: string, distribution: string, changesPath: string, options?: RepreproCallOptions): Promise<void> {
    await this.run(basedir, [exportFlag(options), 'include', distribution, changesPath], { changes: true });
  }

  async includeDebs(basedir: string, distribution: string, paths: readonly string[], options?: RepreproCallOptions): Promise<void> {
    const udebs = paths.filter((path) => path.endsWith('.udeb'));
    const debs = paths.filter((path) => !path.endsWith('.udeb'));
    if (debs.length > 0) await this.run(basedir, [exportFlag(options), 'includedeb', distribution, ...debs], { changes: true });
    if (udebs.length > 0) await this.run(basedir, [exportFlag(options), 'includeudeb', distribution, ...udebs], { changes: true });
  }

  async includeDsc(basedir: string, distribution: string, dscPath: string, options?: RepreproCallOptions): Promise<void> {
    await this.run(basedir, [exportFlag(options), 'includedsc', distribution, dscPath], { changes: true });
  }

  async copySrc(basedir: string, to: string, from: string, source: string, version: string, options?: RepreproCallOptions): Promise<void> {
    await this.run(basedir, [exportFlag(options), 'copysrc', to, from, source, version], { changes: true });
  }

  async removeSrc(basedir: string, distribution: string, source: string, version?: string, options?: RepreproCallOptions): Promise<void> {
    await this.run(basedir, [exportFlag(options), 'removesrc', distribution, source, ...(version ? [version] : [])], { changes: true });
  }

  async export(basedir: string, distributions: readonly string[] = []): Promise<void> {
    await this.run(basedir, ['export', ...distributions], { changes: true });
  }

  async list(basedir: string, distribution: string): Promise<RepreproListEntry[]> {
    const stdout = await this.run(basedir, ['--list-format', listFormat, 'list', distribution]);
    return stdout
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => {
        const [name = '', version = '', architecture = '', component = '', source = '', sourceVersion = ''] = line.split('\t');
        return { package: name, version, architecture, component, source, sourceVersion };
      });
  }

  /**
   * Runs one reprepro call on `basedir` after the calls queued before it; returns its stdout. A call
   * that `changes` the tree is durable when this resolves (see the class comment), even when it failed
   * half-way.
   */
  private run(basedir: string, args: readonly string[], { changes = false } = {}): Promise<string> {
    return this.serialize(basedir, async () => {
      const argv = ['--basedir', basedir, ...args];
      const unsynced = changes && (await (this.eatmydata ??= eatmydataFound()));
      const result = unsynced
        ? await execa('eatmydata', [this.program, ...argv], { reject: false, stdin: 'ignore' })
        : await execa(this.program, argv, { reject: false, stdin: 'ignore' });
      const failure =
        result.failed || result.exitCode !== 0
          ? new RepreproError(`${this.program} ${argv.join(' ')}`, result.exitCode, String(result.stderr || result.stdout || (result.cause instanceof Error ? result.cause.message : '')))
          : undefined;
      if (unsynced) await this.syncTree(basedir, failure);
      if (failure) throw failure;
      return result.stdout;
    });
  }

  /**
   * `sync -f`: flushes the file system holding the tree (syncfs(2)), the one sync a call run under
   * eatmydata needs. A failure leaves the tree changed but not durable: UnfinishedEffectError, which the
   * log follower retries without end and never parks (giving up would let its checkpoint pass a change
   * that may be lost); reprepro's own failure, if any, is kept as its cause.
   */
  private async syncTree(basedir: string, repreproFailure: RepreproError | undefined): Promise<void> {
    const result = await execa('sync', ['-f', basedir], { reject: false, stdin: 'ignore' });
    if (result.failed || result.exitCode !== 0) {
      const reason = String(result.stderr || (result.cause instanceof Error ? result.cause.message : `exit ${result.exitCode ?? 'none'}`)).trim();
      throw new UnfinishedEffectError(
        `the reprepro tree ${basedir} was changed but could not be made durable (sync -f: ${reason})${repreproFailure ? `; reprepro itself failed too: ${repreproFailure.message}` : ''}`,
        { cause: repreproFailure },
      );
    }
  }

  private serialize<T>(basedir: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(basedir) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.queues.set(basedir, settled);
    void settled.then(() => {
      if (this.queues.get(basedir) === settled) this.queues.delete(basedir);
    });
    return next;
  }
}
