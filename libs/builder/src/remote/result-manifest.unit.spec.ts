import { describe, expect, it } from 'vitest';
import { resultFileProblem, resultManifestSchema, type ResultManifest } from './result-manifest.js';

const file = (name: string, fill: string, size = 10) => ({ name, sha256: fill.repeat(64), size });
const manifest: ResultManifest = {
  buildId: 'u1-amd64-1',
  status: 'successful',
  reason: 'sbuild: successful',
  seconds: 12,
  stages: [{ name: 'build', seconds: 10 }],
  changes: 'hello_1.0-1_amd64.changes',
  log: 'hello_1.0-1_amd64.build',
  files: [file('hello_1.0-1_amd64.changes', 'a'), file('hello_1.0-1_amd64.deb', 'b', 2000), file('hello_1.0-1_amd64.build', 'c')],
};
const all = new Map(manifest.files.map((entry) => [entry.name, { sha256: entry.sha256, size: entry.size }]));

describe('resultFileProblem', () => {
  it('is none when every listed file arrived with its size and SHA-256', () => {
    expect(resultFileProblem(manifest, (name) => all.get(name))).toBeUndefined();
  });

  it('names a file whose bytes are not what the manifest lists', () => {
    const tampered = new Map(all).set('hello_1.0-1_amd64.deb', { sha256: 'd'.repeat(64), size: 2000 });
    expect(resultFileProblem(manifest, (name) => tampered.get(name))).toEqual({
      reason: 'checksum-mismatch',
      message: expect.stringContaining(`hello_1.0-1_amd64.deb arrived with SHA-256 ${'d'.repeat(64)}`),
    });
  });

  it('names a listed file that was never sent', () => {
    const missing = new Map(all);
    missing.delete('hello_1.0-1_amd64.deb');
    expect(resultFileProblem(manifest, (name) => missing.get(name))?.reason).toBe('missing-file');
  });

  it('refuses a manifest naming a .changes or log it does not list, or a success without a .changes', () => {
    expect(resultFileProblem({ ...manifest, changes: 'other.changes' }, (name) => all.get(name))?.reason).toBe('bad-manifest');
    const { changes: _changes, ...withoutChanges } = manifest;
    expect(resultFileProblem(withoutChanges, (name) => all.get(name))?.message).toBe('a successful build names no .changes');
  });
});

describe('resultManifestSchema', () => {
  it('refuses a file name with a path in it', () => {
    expect(resultManifestSchema.safeParse({ ...manifest, files: [file('../etc/passwd', 'a')] }).success).toBe(false);
  });
});
