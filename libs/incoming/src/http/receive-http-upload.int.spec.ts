import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncomingRefusedError } from '../errors.js';
import { partialDirOf } from '../store/incoming-drop.js';
import { receiveHttpUpload } from './receive-http-upload.js';

const maxFileBytes = 64 * 1024;

describe('receiveHttpUpload (PUT /upload/<name>)', () => {
  let root: string;
  let dir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-http-upload-'));
    dir = join(root, 'http');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const chunks = (...parts: Buffer[]): Readable => Readable.from(parts);
  const contents = async (): Promise<string[]> => (existsSync(dir) ? (await readdir(dir)).filter((name) => name !== '.partial').sort() : []);
  const partials = async (): Promise<string[]> => (existsSync(partialDirOf(dir)) ? readdir(partialDirOf(dir)) : []);

  it('stores the body byte-identical under its name, with no partial file left', async () => {
    const bytes = randomBytes(maxFileBytes);
    await receiveHttpUpload('hello_1.0.tar.xz', chunks(bytes.subarray(0, 1000), bytes.subarray(1000)), { incomingDir: dir, maxFileBytes });
    expect(await contents()).toEqual(['hello_1.0.tar.xz']);
    expect(await readFile(join(dir, 'hello_1.0.tar.xz'))).toEqual(bytes);
    expect(await partials()).toEqual([]);
  });

  it.each(['../evil.dsc', '../../etc/passwd', '/etc/passwd', 'sub/x.dsc', '.hidden', '.partial', '-rf', 'a b.dsc', ''])('refuses the name %j', async (name) => {
    await expect(receiveHttpUpload(name, chunks(Buffer.from('x')), { incomingDir: dir, maxFileBytes })).rejects.toMatchObject({ code: 'invalid-file-name' });
    expect(await contents()).toEqual([]);
    expect(existsSync(join(root, 'evil.dsc'))).toBe(false);
  });

  it('aborts a body over the per-file limit and keeps nothing of it', async () => {
    const upload = receiveHttpUpload('big_1.0.tar.xz', chunks(randomBytes(40_000), randomBytes(40_000)), { incomingDir: dir, maxFileBytes });
    await expect(upload).rejects.toBeInstanceOf(IncomingRefusedError);
    await expect(upload).rejects.toMatchObject({ code: 'file-too-large', message: expect.stringContaining(`limit of ${maxFileBytes} bytes per file`) });
    expect(await contents()).toEqual([]);
    expect(await partials()).toEqual([]);
  });

  it('refuses a Content-Length over the limit before reading the body', async () => {
    let read = false;
    const body = new Readable({ read: () => void (read = true) });
    await expect(receiveHttpUpload('big_1.0.tar.xz', body, { incomingDir: dir, maxFileBytes, declaredBytes: maxFileBytes + 1 })).rejects.toMatchObject({ code: 'file-too-large' });
    expect(read).toBe(false);
    expect(await contents()).toEqual([]);
  });

  it('keeps nothing of a body that breaks off', async () => {
    const body = new Readable({ read: () => undefined });
    const upload = receiveHttpUpload('cut_1.0.tar.xz', body, { incomingDir: dir, maxFileBytes });
    body.push(randomBytes(1000));
    setTimeout(() => body.destroy(new Error('connection reset')), 20);
    await expect(upload).rejects.toThrow('connection reset');
    expect(await contents()).toEqual([]);
    expect(await partials()).toEqual([]);
  });

  it('replaces a symlink of the same name instead of writing through it', async () => {
    const outside = join(root, 'outside.txt');
    await writeFile(outside, 'precious');
    await receiveHttpUpload('first_1.0.dsc', chunks(Buffer.from('x')), { incomingDir: dir, maxFileBytes });
    await symlink(outside, join(dir, 'link_1.0.dsc'));
    await receiveHttpUpload('link_1.0.dsc', chunks(Buffer.from('uploaded')), { incomingDir: dir, maxFileBytes });
    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect(await readFile(join(dir, 'link_1.0.dsc'), 'utf8')).toBe('uploaded');
  });
});
