import type { Binary, FileRef, RepositoryConfig } from '@mbd/events';
import type { CommandMetadata } from '../decider.js';
import { defaultLayout } from '../configuration/default-layouts.js';
import { type DistributionSettings, distributionSettings } from '../configuration/distribution-settings.js';

/** Test fixtures shared by the archive's unit tests. */

export const now = '2026-11-25T06:00:00.000Z';
export const commandMetadata: CommandMetadata = { now, actor: { kind: 'user', name: 'admin' }, correlationId: 'c1' };
export const metadata = { actor: commandMetadata.actor, correlationId: 'c1', occurredAt: now };

export const fileRef = (name: string): FileRef => ({ name, sha256: [...name].map((c) => c.charCodeAt(0).toString(16)).join('').padEnd(64, '0').slice(0, 64), size: name.length });

/** The files and binaries of hello at `version` built for amd64. */
export const helloContent = (version: string) => ({
  files: [fileRef(`hello_${version}.dsc`), fileRef(`hello_${version}_amd64.deb`)],
  binaries: [{ package: 'hello', version, architecture: 'amd64' }] as Binary[],
});

/** Repository `test`: the Default layout for bookworm (amd64 + optional i386) and trixie. */
export const testRepository: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [
    {
      codename: 'bookworm',
      codeversion: '12',
      architectures: [
        { architecture: 'amd64', optional: false },
        { architecture: 'i386', optional: true },
      ],
      archAllOn: 'amd64',
      components: ['main'],
    },
    { codename: 'trixie', codeversion: '13', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] },
  ],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};

export const settings = (suite: string, codename = 'bookworm', config: RepositoryConfig = testRepository): DistributionSettings => {
  const found = distributionSettings(config, codename, suite);
  if (!found) throw new Error(`fixture: no ${codename}-${config.repository}-${suite}`);
  return found;
};
