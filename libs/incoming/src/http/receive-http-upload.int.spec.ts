import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncomingRefusedError } from '../errors.js';
import { partialDirOf } from '../store/incoming-drop.js';
import { IncomingQuota } from '../store/incoming-quota.js';
import { makeSourceUpload } from '../testing/source-upload.fixture.js';
import { receiveHttpUpload, type HttpUploadTarget } from './receive-http-upload.js';

const maxFileBytes = 64 * 1024;
const quotaBytes = 100 * 1024;

describe('receiveHttpUpload (PUT /upload/<name>)', () => {
  let root: string;
  let dir: string;
  /** The FTP drop, sharing the quota. */
  let ftpDir: string;
  let quota: IncomingQuota;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-http-upload-'));
    dir = join(root, 'http');
    ftpDir = join(root, 'ftp');
    quota = new IncomingQuota([ftpDir, dir], quotaBytes);
  });

  const target = (overrides: Partial<HttpUploadTarget> = {}): HttpUploadTarget => ({ incomingDir: dir, maxFileBytes, maxUploadBytes: 1 << 20, quota, ...overrides });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const chunks = (...parts: Buffer[]): Readable => Readable.from(parts);
  const contents = async (): Promise<string[]> => (existsSync(dir) ? (await readdir(dir)).filter((name) => name !== '.partial').sort() : []);
  const partials = async (): Promise<string[]> => (existsSync(partialDirOf(dir)) ? readdir(partialDirOf(dir)) : []);

  it('stores the body byte-identical under its name, with no partial file left', async () => {
    const bytes = randomBytes(maxFileBytes);
    await receiveHttpUpload('hello_1.0.tar.xz', chunks(bytes.subarray(0, 1000), bytes.subarray(1000)), target());
    expect(await contents()).toEqual(['hello_1.0.tar.xz']);
    expect(await readFile(join(dir, 'hello_1.0.tar.xz'))).toEqual(bytes);
    expect(await partials()).toEqual([]);
  });

  it.each(['../evil.dsc', '../../etc/passwd', '/etc/passwd', 'sub/x.dsc', '.hidden', '.partial', '-rf', 'a b.dsc', ''])('refuses the name %j', async (name) => {
    await expect(receiveHttpUpload(name, chunks(Buffer.from('x')), target())).rejects.toMatchObject({ code: 'invalid-file-name' });
    expect(await contents()).toEqual([]);
    expect(existsSync(join(root, 'evil.dsc'))).toBe(false);
  });

  it('aborts a body over the per-file limit and keeps nothing of it', async () => {
    const upload = receiveHttpUpload('big_1.0.tar.xz', chunks(randomBytes(40_000), randomBytes(40_000)), target());
    await expect(upload).rejects.toBeInstanceOf(IncomingRefusedError);
    await expect(upload).rejects.toMatchObject({ code: 'file-too-large', message: expect.stringContaining(`limit of ${maxFileBytes} bytes per file`) });
    expect(await contents()).toEqual([]);
    expect(await partials()).toEqual([]);
  });

  it('refuses a Content-Length over the limit before reading the body', async () => {
    let read = false;
    const body = new Readable({ read: () => void (read = true) });
    await expect(receiveHttpUpload('big_1.0.tar.xz', body, target({ declaredBytes: maxFileBytes + 1 }))).rejects.toMatchObject({ code: 'file-too-large' });
    expect(read).toBe(false);
    expect(await contents()).toEqual([]);
  });

  it('keeps nothing of a body that breaks off', async () => {
    const body = new Readable({ read: () => undefined });
    const upload = receiveHttpUpload('cut_1.0.tar.xz', body, target());
    body.push(randomBytes(1000));
    setTimeout(() => body.destroy(new Error('connection reset')), 20);
    await expect(upload).rejects.toThrow('connection reset');
    expect(await contents()).toEqual([]);
    expect(await partials()).toEqual([]);
  });

  it('refuses a file when incoming (FTP and HTTP together) is full, with a 507 and nothing stored', async () => {
    await mkdir(ftpDir, { recursive: true });
    await writeFile(join(ftpDir, 'waiting_1.0.tar.xz'), randomBytes(quotaBytes));
    const upload = receiveHttpUpload('late_1.0.dsc', chunks(Buffer.from('x')), target());
    await expect(upload).rejects.toBeInstanceOf(IncomingRefusedError);
    await expect(upload).rejects.toMatchObject({
      code: 'incoming-full',
      httpStatus: 507,
      message: `incoming is full: ${quotaBytes} bytes are waiting to be processed, the quota is ${quotaBytes} bytes; "late_1.0.dsc" was not stored, try again later`,
    });
    expect(await contents()).toEqual([]);
    expect(await partials()).toEqual([]);
  });

  it('refuses a body whose Content-Length does not fit into the quota, before reading it', async () => {
    await mkdir(ftpDir, { recursive: true });
    await writeFile(join(ftpDir, 'waiting_1.0.tar.xz'), randomBytes(quotaBytes - 1000));
    let read = false;
    const body = new Readable({ read: () => void (read = true) });
    await expect(receiveHttpUpload('big_1.0.tar.xz', body, target({ declaredBytes: 1001 }))).rejects.toMatchObject({
      code: 'incoming-full',
      message: expect.stringContaining('"big_1.0.tar.xz" (1001 bytes announced) was not stored'),
    });
    expect(read).toBe(false);
    expect(await contents()).toEqual([]);
  });

  it('aborts a body that takes incoming over the quota while it arrives, keeps nothing, and takes files again once incoming has room', async () => {
    await receiveHttpUpload('first_1.0.tar.xz', chunks(randomBytes(60 * 1024)), target());
    const upload = receiveHttpUpload('second_1.0.tar.xz', chunks(randomBytes(30 * 1024), randomBytes(30 * 1024)), target());
    await expect(upload).rejects.toMatchObject({ code: 'incoming-full' });
    expect(await contents()).toEqual(['first_1.0.tar.xz']);
    expect(await partials()).toEqual([]);

    await rm(join(dir, 'first_1.0.tar.xz'));
    await receiveHttpUpload('second_1.0.tar.xz', chunks(randomBytes(30 * 1024), randomBytes(30 * 1024)), target());
    expect(await contents()).toEqual(['second_1.0.tar.xz']);
  });

  it('refuses a .changes that lists more than the per-upload limit (413), keeping nothing of it', async () => {
    const upload = await makeSourceUpload(await mkdtemp(join(root, 'pkg-')));
    const sizes = await Promise.all([...upload.files, upload.changes].map(async (path) => (await stat(path)).size));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const name = basename(upload.changes);

    const refused = receiveHttpUpload(name, chunks(await readFile(upload.changes)), target({ maxUploadBytes: total - 1 }));
    await expect(refused).rejects.toMatchObject({
      code: 'upload-too-large',
      httpStatus: 413,
      message: `"${name}" lists an upload of ${total} bytes (itself included), over the limit of ${total - 1} bytes per upload; it was not taken in`,
    });
    expect(await contents()).toEqual([]);
    expect(await partials()).toEqual([]);

    await receiveHttpUpload(name, chunks(await readFile(upload.changes)), target({ maxUploadBytes: total }));
    expect(await contents()).toEqual([name]);
  });

  it('replaces a symlink of the same name instead of writing through it', async () => {
    const outside = join(root, 'outside.txt');
    await writeFile(outside, 'precious');
    await receiveHttpUpload('first_1.0.dsc', chunks(Buffer.from('x')), target());
    await symlink(outside, join(dir, 'link_1.0.dsc'));
    await receiveHttpUpload('link_1.0.dsc', chunks(Buffer.from('uploaded')), target());
    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect(await readFile(join(dir, 'link_1.0.dsc'), 'utf8')).toBe('uploaded');
  });
});
