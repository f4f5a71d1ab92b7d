import { defaultLayout } from '@mbd/archive';
import type { ChrootConfig, RepositoryConfig } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { miniBuilddStatus } from './mini-buildd-status.js';

const repository = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
} as RepositoryConfig;
const chroots = [{ codename: 'trixie', architecture: 'amd64' }, { codename: 'bookworm', architecture: 'amd64' }] as ChrootConfig[];
const input = { host: 'mbd.example.org', httpPort: 8066, ftpPort: 8067, runningBuilds: 1, buildSlots: 2, chroots };

describe("mini-buildd's status fields", () => {
  it('names the instance, its URLs, its load and its chroots as codename:arch', () => {
    expect(miniBuilddStatus(input)).toEqual({
      identity: 'mbd.example.org',
      url: 'http://mbd.example.org:8066/',
      incoming_url: 'ftp://mbd.example.org:8067/incoming/',
      load: 0.5,
      chroots: ['bookworm:amd64', 'trixie:amd64'],
      remotes: [],
    });
    expect(miniBuilddStatus({ ...input, buildSlots: 0 }).load).toBe(-1);
  });

  it('with repositories: codenames and each suite as mini-buildd lays it out', () => {
    const status = miniBuilddStatus({ ...input, repositories: [repository] });
    expect(status.repositories?.['test']?.codenames).toEqual(['bookworm']);
    expect(status.repositories?.['test']?.layout['unstable']).toEqual({ uploadable: true, experimental: false, migrates_to: 'testing' });
    expect(status.repositories?.['test']?.layout['stable']).toEqual({ uploadable: false, experimental: false, migrates_to: null });
    expect(status.repositories?.['test']?.layout['experimental']).toMatchObject({ experimental: true });
  });
});
