import { describe, expect, it } from 'vitest';
import { parseArchiveTreePath } from './archive-tree-path.js';

describe('parseArchiveTreePath', () => {
  it('reads the root, directories and entries of dists/ and pool/', () => {
    expect(parseArchiveTreePath('/archive/test/12/')).toEqual({ kind: 'directory', repository: 'test', at: '12', segments: [], slash: true });
    expect(parseArchiveTreePath('/archive/test/12')).toEqual({ kind: 'directory', repository: 'test', at: '12', segments: [], slash: false });
    expect(parseArchiveTreePath('/archive/test/12/dists/')).toEqual({ kind: 'directory', repository: 'test', at: '12', segments: ['dists'], slash: true });
    expect(parseArchiveTreePath('/archive/test/2026-11-30T12%3A00%3A00Z/pool/main/h/')).toEqual({
      kind: 'directory',
      repository: 'test',
      at: '2026-11-30T12:00:00Z',
      segments: ['pool', 'main', 'h'],
      slash: true,
    });
    expect(parseArchiveTreePath('/archive/test/12/pool/main/h/hello/hello_1.0%2B1.dsc')).toEqual({
      kind: 'entry',
      repository: 'test',
      at: '12',
      segments: ['pool', 'main', 'h', 'hello', 'hello_1.0+1.dsc'],
    });
    expect(parseArchiveTreePath('/archive/test/12/dists')).toEqual({ kind: 'entry', repository: 'test', at: '12', segments: ['dists'] });
  });

  it('refuses "." and ".." segments, also encoded, and double encoding with a 400, like the delivery', () => {
    for (const path of [
      '/archive/test/12/dists/../conf/',
      '/archive/test/12/dists/%2e%2e/conf/',
      '/archive/test/12/dists/%2E%2E%2Fconf/',
      '/archive/test/12/pool/./main/',
      '/archive/test/12/dists/..',
      '/archive/test/12/dists/%252e%252e/conf/',
      '/archive/test/12/dists/a%5Cb/',
      '/archive/test/12/dists/%00/',
      '/archive/test/12/dists/%E0%A4%A/',
    ]) {
      expect(parseArchiveTreePath(path), path).toMatchObject({ kind: 'refused', status: 400 });
    }
  });

  it('shows nothing but dists/ and pool/ below a valid repository id (404)', () => {
    for (const path of ['/archive/test/12/conf/', '/archive/test/12/db/packages.db', '/archive/test/12/dists//', '/archive/Test!/12/dists/', '/archive/test/12%2Fconf/dists/']) {
      expect(parseArchiveTreePath(path), path).toMatchObject({ kind: 'refused', status: 404 });
    }
  });
});
