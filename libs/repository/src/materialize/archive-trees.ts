import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveKey } from '@mbd/gpg';
import { signReleaseFiles, writeRepreproSignHook, type RepreproSignHook } from '@mbd/gpg';
import type { BlobCopy, BlobStore } from '../blob-store/blob-store.port.js';
import type { Reprepro, RepreproCallOptions } from '../reprepro/reprepro.port.js';
import type { ArchiveOperation } from './archive-operation.js';

export interface ArchiveTreesOptions {
  /** The directory holding one reprepro tree per repository, `<root>/<repository>/`. */
  readonly root: string;
  readonly blobs: BlobStore;
  readonly reprepro: Reprepro;
  /** Signs every Release as InRelease and Release.gpg; without it the trees are left unsigned. */
  readonly key?: ArchiveKey;
  /**
   * `reprepro`: reprepro signs through a SignWith hook as part of each export, so Release, InRelease and
   * Release.gpg change together (for trees apt reads while they change: the live ones). `after-export`
   * (default): mbd signs after the export, which leaves a moment without signatures; fine for trees
   * nobody reads until they are complete (rebuilds, time travel).
   */
  readonly signing?: 'reprepro' | 'after-export';
}

type IncludeOperation = Extract<ArchiveOperation, { kind: 'include' }>;

/** Consecutive includes into one distribution become one reprepro call when their binaries do not overlap. */
interface IncludeStep {
  readonly kind: 'include';
  readonly distribution: string;
  readonly includes: IncludeOperation[];
  readonly packages: Set<string>;
}
type Step = IncludeStep | Exclude<ArchiveOperation, IncludeOperation>;

const packageOf = (fileName: string): string => fileName.split('_')[0] ?? fileName;
const isBinary = (fileName: string): boolean => fileName.endsWith('.deb') || fileName.endsWith('.udeb');

/** The distribution a step changes (none for a configuration). */
const targetOf = (step: Step): string | undefined =>
  step.kind === 'configure' ? undefined : step.kind === 'copy' ? step.to : step.distribution;

/** How many reprepro runs a step takes. */
const callsOf = (step: Step): number => {
  if (step.kind !== 'include') return 1;
  const names = step.includes.flatMap((include) => include.files.map((file) => file.name));
  return names.filter((name) => name.endsWith('.dsc')).length + (names.some((name) => name.endsWith('.deb')) ? 1 : 0) + (names.some((name) => name.endsWith('.udeb')) ? 1 : 0);
};

const stepsOf = (operations: readonly ArchiveOperation[]): Step[] =>
  operations.reduce<Step[]>((steps, operation) => {
    if (operation.kind !== 'include') return [...steps, operation];
    const packages = new Set(operation.files.filter((file) => isBinary(file.name)).map((file) => packageOf(file.name)));
    const last = steps.at(-1);
    if (last?.kind === 'include' && last.distribution === operation.distribution && [...packages].every((name) => !last.packages.has(name))) {
      last.includes.push(operation);
      packages.forEach((name) => last.packages.add(name));
      return steps;
    }
    return [...steps, { kind: 'include', distribution: operation.distribution, includes: [operation], packages }];
  }, []);

/**
 * The published reprepro trees, one per repository. `apply` performs archive operations with no export
 * in between, then exports once what they touched and signs the Release files. Files come from the blob
 * store (verified by hash) through a staging directory inside the tree.
 */
export class ArchiveTrees {
  private signHook?: Promise<RepreproSignHook>;

  constructor(private readonly options: ArchiveTreesOptions) {}

  /** The SignWith of every distribution, when reprepro signs (the hook is written once per root). */
  private async signWith(): Promise<string | undefined> {
    const { key, signing } = this.options;
    if (!key || signing !== 'reprepro') return undefined;
    this.signHook ??= writeRepreproSignHook(join(this.options.root, '.mbd-signing'), key);
    return (await this.signHook).signWith;
  }

  get root(): string {
    return this.options.root;
  }

  treeOf(repository: string): string {
    return join(this.options.root, repository);
  }

  async apply(operations: readonly ArchiveOperation[]): Promise<void> {
    const repositories = [...new Set(operations.map((operation) => operation.repository))];
    for (const repository of repositories) {
      await this.applyToTree(repository, operations.filter((operation) => operation.repository === repository));
    }
  }

  /**
   * Applies the operations with no export in between, then exports what they touched. The one export
   * is folded into the last reprepro call (`--export=changed`) when that call is the only one touching
   * its distribution, which saves a reprepro run per batch; `.mbd-unexported` marks a tree whose
   * indices may lag behind its database (a batch was cut short), so the next batch exports everything.
   */
  private async applyToTree(repository: string, operations: readonly ArchiveOperation[]): Promise<void> {
    const { reprepro, key } = this.options;
    const tree = this.treeOf(repository);
    const staging = join(tree, '.mbd-staging');
    const unexported = join(tree, '.mbd-unexported');
    const steps = stepsOf(operations);
    if (steps.length === 0) return;
    const wasUnexported = await stat(unexported).then(
      () => true,
      () => false,
    );
    const last = steps.at(-1)!;
    const lastTarget = targetOf(last);
    const inline = !wasUnexported && lastTarget !== undefined && callsOf(last) === 1 && steps.filter((step) => targetOf(step) === lastTarget).length === 1;
    const touched = new Set<string>();
    await rm(staging, { recursive: true, force: true });
    try {
      for (const [index, step] of steps.entries()) {
        const options = { export: inline && step === last ? 'changed' : 'never' } as const;
        switch (step.kind) {
          case 'configure': {
            const signWith = await this.signWith();
            await reprepro.configure(tree, signWith ? step.distributions.map((distribution) => ({ ...distribution, signWith })) : step.distributions);
            await reprepro.export(tree);
            await writeFile(unexported, '');
            break;
          }
          case 'include':
            await writeFile(unexported, '');
            await this.include(tree, join(staging, String(index)), step, options);
            break;
          case 'copy':
            await writeFile(unexported, '');
            await reprepro.copySrc(tree, step.to, step.from, step.source, step.version, options);
            break;
          case 'remove':
            await writeFile(unexported, '');
            await reprepro.removeSrc(tree, step.distribution, step.source, step.version, options);
            break;
          default: {
            const unexpected: never = step;
            throw new Error(`unknown archive operation ${JSON.stringify(unexpected)}`);
          }
        }
        const target = targetOf(step);
        if (target !== undefined && !(inline && step === last)) touched.add(target);
      }
      if (wasUnexported) await reprepro.export(tree);
      else if (touched.size > 0) await reprepro.export(tree, [...touched].sort());
      // Only the Release files just written need signing: all after a configuration or a cut-short batch.
      const exportedAll = wasUnexported || steps.some((step) => step.kind === 'configure');
      if (inline) touched.add(lastTarget);
      if (key && this.options.signing !== 'reprepro') await signReleaseFiles(join(tree, 'dists'), key, exportedAll ? undefined : [...touched]);
      await rm(unexported, { force: true });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private async include(tree: string, staging: string, step: IncludeStep, options: RepreproCallOptions): Promise<void> {
    const { blobs, reprepro } = this.options;
    const dscs: string[] = [];
    const binaries: string[] = [];
    const staged = new Map<string, string>();
    const copies: BlobCopy[] = [];
    const dirs = new Set<string>();
    for (const [index, include] of step.includes.entries()) {
      // One directory for the whole step; an include with a file name taken by other content gets its own.
      const clashes = include.files.some((file) => staged.has(file.name) && staged.get(file.name) !== file.sha256);
      const dir = clashes ? join(staging, String(index)) : staging;
      if (!dirs.has(dir)) await mkdir(dir, { recursive: true });
      dirs.add(dir);
      for (const file of include.files) {
        if (!clashes && staged.has(file.name)) continue;
        const path = join(dir, file.name);
        copies.push({ sha256: file.sha256, target: path });
        if (!clashes) staged.set(file.name, file.sha256);
        if (file.name.endsWith('.dsc')) dscs.push(path);
        else if (isBinary(file.name)) binaries.push(path);
      }
    }
    await blobs.copyAllTo(copies);
    for (const dsc of dscs) await reprepro.includeDsc(tree, step.distribution, dsc, options);
    if (binaries.length > 0) await reprepro.includeDebs(tree, step.distribution, binaries, options);
  }
}
