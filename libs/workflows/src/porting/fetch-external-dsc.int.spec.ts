import { GnupgHome, Keyring } from '@mbd/gpg';
import { execa } from 'execa';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalDscProblem, externalDscName, fetchExternalDsc } from './fetch-external-dsc.js';

const buildSource = resolve('test/packages/build-source.sh');
const limits = { maxBytes: 10 * 1024 * 1024, timeoutMs: 30_000 };

describe('fetchExternalDsc (port_ext downloads)', () => {
  let root: string;
  let served: string;
  let server: Server;
  let base: string;
  let gnupg: GnupgHome;
  let keyring: Keyring;
  let signer: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-port-ext-'));
    served = join(root, 'served');
    await execa(buildSource, ['mbd-test-all', served, '2.0']);
    gnupg = await GnupgHome.create();
    signer = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    keyring = await Keyring.fromArmored(await gnupg.exportArmored(signer));
    // A signed copy beside the unsigned original, and one whose tarball is not what the .dsc lists.
    const dsc = await readFile(join(served, 'mbd-test-all_2.0.dsc'), 'utf8');
    await execa('mkdir', ['-p', join(served, 'signed'), join(served, 'tampered')]);
    await writeFile(join(served, 'signed', 'mbd-test-all_2.0.dsc'), await gnupg.clearsign(dsc, signer));
    await execa('cp', [join(served, 'mbd-test-all_2.0.tar.xz'), join(served, 'signed')]);
    await writeFile(join(served, 'tampered', 'mbd-test-all_2.0.dsc'), await gnupg.clearsign(dsc, signer));
    await writeFile(join(served, 'tampered', 'mbd-test-all_2.0.tar.xz'), 'not the tarball');
    server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      if (path === '/to-file/mbd-test-all_2.0.dsc') return void response.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (path === '/huge/mbd-test-all_2.0.dsc') {
        response.writeHead(200);
        response.end(Buffer.alloc(2 * 1024 * 1024, 'x'));
        return;
      }
      readFile(join(served, path))
        .then((bytes) => response.writeHead(200).end(bytes))
        .catch(() => response.writeHead(404).end());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await gnupg?.remove();
    await rm(root, { recursive: true, force: true });
  });

  const fetchFrom = async (path: string, allowUnauthenticated = false) => {
    const work = await mkdtemp(join(root, 'work-'));
    return fetchExternalDsc(externalDscName(`${base}${path}`)!, work, { keyring, allowUnauthenticated, limits, maxTotalBytes: 100 * 1024 * 1024 });
  };
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error instanceof ExternalDscProblem ? error.refusal : Promise.reject(error)),
    );

  it('takes a .dsc signed by a key of the keyring with its files, checked', async () => {
    const fetched = await fetchFrom('/signed/mbd-test-all_2.0.dsc');
    expect(fetched.signedBy).toBe(signer);
    expect(fetched.files.map((file) => file.name)).toEqual(['mbd-test-all_2.0.dsc', 'mbd-test-all_2.0.tar.xz']);
    expect(await readFile(fetched.files[1]!.path)).toEqual(await readFile(join(served, 'mbd-test-all_2.0.tar.xz')));
  });

  it('refuses an unsigned .dsc unless unauthenticated ports are allowed', async () => {
    expect(await refusalOf(fetchFrom('/mbd-test-all_2.0.dsc'))).toMatchObject({ reason: 'signature-invalid', message: expect.stringMatching(/not signed/) });
    const allowed = await fetchFrom('/mbd-test-all_2.0.dsc', true);
    expect(allowed.signedBy).toBeUndefined();
  });

  it('refuses a file that differs from what the .dsc lists, a missing one, a redirect to file:, and a .dsc too large', async () => {
    expect(await refusalOf(fetchFrom('/tampered/mbd-test-all_2.0.dsc'))).toMatchObject({ reason: 'checksum-mismatch', message: expect.stringContaining('mbd-test-all_2.0.tar.xz') });
    await rm(join(served, 'signed', 'mbd-test-all_2.0.tar.xz'));
    expect(await refusalOf(fetchFrom('/signed/mbd-test-all_2.0.dsc'))).toMatchObject({ reason: 'dsc-unreachable', message: expect.stringContaining('404') });
    await execa('cp', [join(served, 'mbd-test-all_2.0.tar.xz'), join(served, 'signed')]);
    expect(await refusalOf(fetchFrom('/to-file/mbd-test-all_2.0.dsc'))).toMatchObject({ reason: 'dsc-unreachable', message: expect.stringMatching(/file: URLs are not fetched/) });
    expect(await refusalOf(fetchFrom('/huge/mbd-test-all_2.0.dsc'))).toMatchObject({ reason: 'dsc-unreachable', message: expect.stringMatching(/bytes/) });
  });

  it('names only http(s) URLs of a <source>_<version>.dsc', () => {
    expect(externalDscName('https://deb.example.org/pool/h/hello/hello_2.12-1.dsc')).toMatchObject({ source: 'hello', version: '2.12-1' });
    expect(externalDscName('file:///srv/hello_1.0.dsc')).toBeUndefined();
    expect(externalDscName('https://deb.example.org/hello_1.0.tar.xz')).toBeUndefined();
    expect(externalDscName('not a url')).toBeUndefined();
    expect(externalDscName('https://deb.example.org/hello_1.0.dsc?token=secret')).toBeUndefined();
    expect(externalDscName('https://deb.example.org/hello_1.0.dsc#x')).toBeUndefined();
    expect(externalDscName('http://deb.example.org/a_1%zz.dsc')).toBeUndefined();
  });

  it('leaves nothing but what it was given to write in the work directory', async () => {
    const work = await mkdtemp(join(root, 'clean-'));
    await refusalOf(fetchExternalDsc(externalDscName(`${base}/huge/mbd-test-all_2.0.dsc`)!, work, { keyring, allowUnauthenticated: true, limits, maxTotalBytes: 1 }));
    expect(await readdir(work)).toEqual([]);
  });
});
