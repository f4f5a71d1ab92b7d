import { describe, expect, it } from 'vitest';
import { parseDeliveryPath } from './repository-delivery.middleware.js';

describe('parseDeliveryPath', () => {
  it('decodes once: a "%" left after decoding (a double-encoded path) is a 400', () => {
    expect(parseDeliveryPath('/test/dists/%252e%252e/conf/distributions')).toEqual({
      kind: 'refused',
      status: 400,
      message: '"%" left in "/test/dists/%2e%2e/conf/distributions" after decoding: double-encoded paths are refused',
    });
    expect(parseDeliveryPath('/test/pool/main/h/hello/hello%25_1.0.dsc')).toMatchObject({ kind: 'refused', status: 400 });
  });

  it('refuses malformed encodings, "." and ".." segments, backslashes and control characters with a 400', () => {
    expect(parseDeliveryPath('/test/dists/%E0%A4%A')).toMatchObject({ kind: 'refused', status: 400, message: expect.stringMatching(/malformed/) });
    expect(parseDeliveryPath('/test/dists/%2e%2e/conf/distributions')).toMatchObject({ kind: 'refused', status: 400 });
    expect(parseDeliveryPath('/test/dists/../conf/distributions')).toMatchObject({ kind: 'refused', status: 400 });
    expect(parseDeliveryPath('/test/pool/./main')).toMatchObject({ kind: 'refused', status: 400 });
    expect(parseDeliveryPath('/test/dists/..%5Cconf')).toMatchObject({ kind: 'refused', status: 400 });
    expect(parseDeliveryPath('/test/dists/a%00b')).toMatchObject({ kind: 'refused', status: 400 });
  });

  it('serves nothing but dists/, pool/ and the snippets: conf/, db/ and the rest are a 404', () => {
    for (const path of ['/test/conf/distributions', '/test/db/packages.db', '/test/dists', '/test/dists/', '/test/.checkpoint', '/Test/dists/x', '/test/@5/conf/distributions', '/test/@5/sources.list']) {
      expect(parseDeliveryPath(path), path).toMatchObject({ kind: 'refused', status: 404 });
    }
  });

  it('takes dists/ and pool/ files, now or @<position|time>, and the published snippets', () => {
    expect(parseDeliveryPath('/test/dists/bookworm-test-unstable/InRelease')).toEqual({ kind: 'tree', repository: 'test', segments: ['dists', 'bookworm-test-unstable', 'InRelease'] });
    expect(parseDeliveryPath('/test/pool/main/h/hello/hello_1.0%2B1.dsc')).toEqual({ kind: 'tree', repository: 'test', segments: ['pool', 'main', 'h', 'hello', 'hello_1.0+1.dsc'] });
    expect(parseDeliveryPath('/test/@12/dists/x/Release')).toEqual({ kind: 'tree', repository: 'test', at: '12', segments: ['dists', 'x', 'Release'] });
    expect(parseDeliveryPath('/test/@2026-11-30T12:00:00Z/pool/a')).toMatchObject({ kind: 'tree', at: '2026-11-30T12:00:00Z' });
    for (const snippet of ['archive-key.asc', 'archive-keyring.gpg', 'sources.list', 'dput.cf', 'bookworm.sources']) {
      expect(parseDeliveryPath(`/test/${snippet}`)).toEqual({ kind: 'snippet', repository: 'test' });
    }
  });
  it('leaves /repositories/ and /repositories/<id> to the repository pages', () => {
    expect(parseDeliveryPath('/')).toEqual({ kind: 'page' });
    expect(parseDeliveryPath('/test')).toEqual({ kind: 'page' });
    expect(parseDeliveryPath('/test/')).toEqual({ kind: 'page' });
    expect(parseDeliveryPath('/test/conf')).toMatchObject({ kind: 'refused', status: 404 });
    expect(parseDeliveryPath('/Not_An_Id')).toMatchObject({ kind: 'refused', status: 404 });
  });

  it('takes a snapshot of a distribution at the head only, and the dput-ng profile as a snippet', () => {
    expect(parseDeliveryPath('/test/dists/bookworm-test-stable/snapshots/release-1/main/binary-amd64/Packages.gz')).toEqual({
      kind: 'snapshot',
      repository: 'test',
      distribution: 'bookworm-test-stable',
      name: 'release-1',
      rest: ['main', 'binary-amd64', 'Packages.gz'],
    });
    expect(parseDeliveryPath('/test/dists/bookworm-test-stable/snapshots/release-1/InRelease')).toMatchObject({ kind: 'snapshot', rest: ['InRelease'] });
    expect(parseDeliveryPath('/test/dists/bookworm-test-stable/snapshots/release-1')).toMatchObject({ kind: 'refused', status: 404 });
    expect(parseDeliveryPath('/test/@5/dists/bookworm-test-stable/snapshots/release-1/InRelease')).toMatchObject({ kind: 'refused', status: 404 });
    expect(parseDeliveryPath('/test/dists/bookworm-test-stable/snapshots/../../x/InRelease')).toMatchObject({ kind: 'refused', status: 400 });
    expect(parseDeliveryPath('/test/dput-ng.json')).toEqual({ kind: 'snippet', repository: 'test' });
  });
});

