import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveKey } from '@mbd/gpg';
import { signReleaseFiles } from '@mbd/gpg';
import type { BlobStore } from '../blob-store/blob-store.port.js';
import type { Reprepro } from '../reprepro/reprepro.port.js';
import type { ArchiveOperation } from './archive-operation.js';

export interface ArchiveTreesOptions {
  /** The directory holding one reprepro tree per repository, `<root>/<repository>/`. */
  readonly root: string;
  readonly blobs: BlobStore;
  readonly reprepro: Reprepro;
  /** Signs every Release as InRelease and Release.gpg; without it the trees are left unsigned. */
  readonly key?: ArchiveKey;
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
  constructor(private readonly options: ArchiveTreesOptions) {}

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

  private async applyToTree(repository: string, operations: readonly ArchiveOperation[]): Promise<void> {
    const { reprepro, key } = this.options;
    const tree = this.treeOf(repository);
    const staging = join(tree, '.mbd-staging');
    const touched = new Set<string>();
    let reconfigured = false;
    await rm(staging, { recursive: true, force: true });
    try {
      for (const [index, step] of stepsOf(operations).entries()) {
        switch (step.kind) {
          case 'configure':
            await reprepro.configure(tree, step.distributions);
            reconfigured = true;
            break;
          case 'include':
            await this.include(tree, join(staging, String(index)), step);
            touched.add(step.distribution);
            break;
          case 'copy':
            await reprepro.copySrc(tree, step.to, step.from, step.source, step.version, { export: 'never' });
            touched.add(step.to);
            break;
          case 'remove':
            await reprepro.removeSrc(tree, step.distribution, step.source, step.version, { export: 'never' });
            touched.add(step.distribution);
            break;
          default: {
            const unexpected: never = step;
            throw new Error(`unknown archive operation ${JSON.stringify(unexpected)}`);
          }
        }
      }
      if (!reconfigured && touched.size === 0) return;
      await reprepro.export(tree, reconfigured ? [] : [...touched].sort());
      if (key) await signReleaseFiles(join(tree, 'dists'), key);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private async include(tree: string, staging: string, step: IncludeStep): Promise<void> {
    const { blobs, reprepro } = this.options;
    const dscs: string[] = [];
    const binaries: string[] = [];
    const staged = new Map<string, string>();
    for (const [index, include] of step.includes.entries()) {
      // One directory for the whole step; an include with a file name taken by other content gets its own.
      const clashes = include.files.some((file) => staged.has(file.name) && staged.get(file.name) !== file.sha256);
      const dir = clashes ? join(staging, String(index)) : staging;
      await mkdir(dir, { recursive: true });
      for (const file of include.files) {
        if (!clashes && staged.has(file.name)) continue;
        const path = join(dir, file.name);
        await blobs.copyTo(file.sha256, path);
        if (!clashes) staged.set(file.name, file.sha256);
        if (file.name.endsWith('.dsc')) dscs.push(path);
        else if (isBinary(file.name)) binaries.push(path);
      }
    }
    for (const dsc of dscs) await reprepro.includeDsc(tree, step.distribution, dsc, { export: 'never' });
    if (binaries.length > 0) await reprepro.includeDebs(tree, step.distribution, binaries, { export: 'never' });
  }
}
