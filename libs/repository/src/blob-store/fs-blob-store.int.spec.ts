import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobCorruptError, BlobNotFoundError } from '../errors.js';
import { FsBlobStore } from './fs-blob-store.adapter.js';

const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('FsBlobStore', () => {
  let dir: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-blobs-'));
    store = new FsBlobStore(join(dir, 'blobs'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores a file under blobs/ab/cd/<sha256> and reads it back', async () => {
    const source = join(dir, 'hello_1.0_all.deb');
    await writeFile(source, 'not really a deb');
    const ref = await store.putFile(source);
    const expected = sha256('not really a deb');
    expect(ref).toEqual({ sha256: expected, size: 16 });
    const onDisk = join(dir, 'blobs', expected.slice(0, 2), expected.slice(2, 4), expected);
    expect(await readFile(onDisk, 'utf8')).toBe('not really a deb');
    expect((await store.read(expected)).toString()).toBe('not really a deb');
    expect(await store.has(expected)).toBe(true);
  });

  it('puts the same bytes twice without a second copy or leftover temp files', async () => {
    const first = await store.putBuffer(Buffer.from('same'));
    const second = await store.putBuffer(Buffer.from('same'));
    expect(second).toEqual(first);
    const leaf = join(dir, 'blobs', first.sha256.slice(0, 2), first.sha256.slice(2, 4));
    expect(await readdir(leaf)).toEqual([first.sha256]);
  });

  it('says a blob is absent, and refuses to read or copy it', async () => {
    const absent = sha256('never stored');
    expect(await store.has(absent)).toBe(false);
    await expect(store.read(absent)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.copyTo(absent, join(dir, 'out'))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('detects a blob changed on disk when reading and when copying', async () => {
    const ref = await store.putBuffer(Buffer.from('original bytes'));
    await writeFile(store.pathOf(ref.sha256), 'tampered bytes');
    const read = store.read(ref.sha256);
    await expect(read).rejects.toBeInstanceOf(BlobCorruptError);
    await expect(read).rejects.toThrow(sha256('tampered bytes'));
    await expect(store.copyTo(ref.sha256, join(dir, 'out', 'x.deb'))).rejects.toBeInstanceOf(BlobCorruptError);
  });

  it('detects a truncated blob', async () => {
    const ref = await store.putBuffer(Buffer.alloc(4096, 7));
    await writeFile(store.pathOf(ref.sha256), Buffer.alloc(100, 7));
    await expect(store.read(ref.sha256)).rejects.toBeInstanceOf(BlobCorruptError);
  });

  it('deletes a blob: gone afterwards, a second delete says it was absent', async () => {
    const ref = await store.putBuffer(Buffer.from('rejected upload'));
    expect(await store.delete(ref.sha256)).toBe(true);
    expect(await store.has(ref.sha256)).toBe(false);
    await expect(store.read(ref.sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.delete(ref.sha256)).toBe(false);
    expect(await readdir(join(dir, 'blobs', ref.sha256.slice(0, 2), ref.sha256.slice(2, 4)))).toEqual([]);
  });

  it('keeps a blob put again since the given time (an upload storing the same bytes right now)', async () => {
    const ref = await store.putBuffer(Buffer.from('shared bytes'));
    const old = new Date(Date.now() - 3_600_000);
    await utimes(store.pathOf(ref.sha256), old, old);
    const sweepStarted = new Date(Date.now() - 60_000);
    await store.putBuffer(Buffer.from('shared bytes'));
    expect(await store.delete(ref.sha256, { unlessPutSince: sweepStarted })).toBe(false);
    expect((await store.read(ref.sha256)).toString()).toBe('shared bytes');

    await utimes(store.pathOf(ref.sha256), old, old);
    expect(await store.delete(ref.sha256, { unlessPutSince: sweepStarted })).toBe(true);
    expect(await store.has(ref.sha256)).toBe(false);
    expect(await store.putBuffer(Buffer.from('shared bytes'))).toEqual(ref);
    expect((await store.read(ref.sha256)).toString()).toBe('shared bytes');
  });

  it('refuses to delete something that is not a SHA-256 (no path tricks)', async () => {
    await expect(store.delete('../../etc/passwd')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('copies a verified blob to a target by hard link, replacing what was there', async () => {
    const ref = await store.putBuffer(Buffer.from('deb bytes'));
    const target = join(dir, 'work', 'pkg.deb');
    await store.copyTo(ref.sha256, target);
    await store.copyTo(ref.sha256, target);
    expect(await readFile(target, 'utf8')).toBe('deb bytes');
    expect((await stat(target)).ino).toBe((await stat(store.pathOf(ref.sha256))).ino);
  });

  it('copies many blobs at once, verified, by hard link into directories made as needed, replacing what was there', async () => {
    const refs = await Promise.all(['a', 'b', 'c'].map((name) => store.putBuffer(Buffer.from(`${name} bytes`))));
    const copies = refs.map((ref, index) => ({ sha256: ref.sha256, target: join(dir, 'staging', String(index % 2), `${index}.deb`) }));
    await writeFile(join(dir, 'old'), 'old');
    await store.copyAllTo(copies);
    await store.copyAllTo(copies);
    for (const [index, copy] of copies.entries()) {
      expect(await readFile(copy.target, 'utf8')).toBe(`${['a', 'b', 'c'][index]} bytes`);
      expect((await stat(copy.target)).ino).toBe((await stat(store.pathOf(copy.sha256))).ino);
    }
  });

  it('names the corrupt or missing blob among many copied at once', async () => {
    const good = await store.putBuffer(Buffer.from('good bytes'));
    const bad = await store.putBuffer(Buffer.from('original bytes'));
    await writeFile(store.pathOf(bad.sha256), 'tampered bytes');
    const corrupt = store.copyAllTo([good, bad].map((ref, index) => ({ sha256: ref.sha256, target: join(dir, 'out', `${index}.deb`) })));
    await expect(corrupt).rejects.toBeInstanceOf(BlobCorruptError);
    await expect(corrupt).rejects.toThrow(bad.sha256);
    const absent = sha256('never stored');
    const missing = store.copyAllTo([good.sha256, absent].map((hash, index) => ({ sha256: hash, target: join(dir, 'out2', `${index}.deb`) })));
    await expect(missing).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(missing).rejects.toThrow(absent);
  });
});
