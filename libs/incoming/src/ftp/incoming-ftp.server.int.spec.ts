import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FtpConnection } from 'ftp-srv';
import { IncomingRefusedError } from '../errors.js';
import { partialDirOf } from '../store/incoming-drop.js';
import { IncomingQuota } from '../store/incoming-quota.js';
import { RawFtpClient } from '../testing/raw-ftp.client.js';
import { makeSourceUpload } from '../testing/source-upload.fixture.js';
import { IncomingFileSystem } from './incoming-file-system.js';
import { IncomingFtpServer, type IncomingFtpOptions } from './incoming-ftp.server.js';

const maxFileBytes = 64 * 1024;
const maxUploadBytes = 100 * 1024;
const quotaBytes = 200 * 1024;
const pasvMin = 40_000 + Math.floor(Math.random() * 20_000);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('FTP incoming (ftp-srv)', () => {
  let root: string;
  let incomingDir: string;
  /** The HTTP drop: it shares the quota. */
  let httpDir: string;
  let quota: IncomingQuota;
  let server: IncomingFtpServer;
  let port: number;
  let client: RawFtpClient | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-ftp-'));
    incomingDir = join(root, 'incoming');
    httpDir = join(root, 'http');
    await mkdir(incomingDir);
    await mkdir(httpDir);
    quota = new IncomingQuota([incomingDir, httpDir], quotaBytes);
    server = new IncomingFtpServer(options());
    port = await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    for (const dir of [incomingDir, httpDir]) {
      for (const name of await readdir(dir)) await rm(join(dir, name), { recursive: true, force: true });
    }
  });

  const options = (overrides: Partial<IncomingFtpOptions> = {}): IncomingFtpOptions => ({
    bind: '127.0.0.1',
    port: 0,
    pasvMin,
    pasvMax: pasvMin + 50,
    incomingDir,
    limits: { maxFileBytes, maxUploadBytes },
    quota,
    idleTimeoutMs: 60_000,
    transferIdleTimeoutMs: 60_000,
    maxConnections: 100,
    maxConnectionsPerAddress: 20,
    ...overrides,
  });
  afterEach(() => {
    client?.close();
    client = undefined;
  });

  const incoming = async (): Promise<string[]> => (await readdir(incomingDir)).filter((name) => !name.startsWith('.')).sort();
  const partials = async (): Promise<string[]> => (existsSync(partialDirOf(incomingDir)) ? readdir(partialDirOf(incomingDir)) : []);
  const login = async (): Promise<RawFtpClient> => (client = await RawFtpClient.login(port));

  it('takes an upload from stock dput (method ftp, anonymous, passive) byte-identical', async () => {
    const work = await mkdtemp(join(root, 'dput-'));
    const upload = await makeSourceUpload(work);
    const dputCf = join(work, 'dput.cf');
    await writeFile(
      dputCf,
      '[DEFAULT]\nallow_unsigned_uploads = 1\nrun_lintian = 0\nrun_dinstall = 0\ncheck_version = 0\n\n' +
        `[mbd]\nmethod = ftp\nfqdn = 127.0.0.1:${port}\nincoming = /incoming\nlogin = anonymous\npassive_ftp = 1\n`,
    );

    const started = performance.now();
    const dput = await execa('dput', ['-c', dputCf, 'mbd', upload.changes], { cwd: work, reject: false, env: { USER: 'root' } });
    const seconds = (performance.now() - started) / 1000;

    expect(dput.exitCode, dput.stdout + dput.stderr).toBe(0);
    const sent = [...upload.files, upload.changes];
    expect(await incoming()).toEqual(sent.map((path) => basename(path)).sort());
    for (const path of sent) expect(await readFile(join(incomingDir, basename(path)))).toEqual(await readFile(path));
    expect(await partials()).toEqual([]);
    console.info(`dput of ${sent.length} files took ${seconds.toFixed(2)} s`);
  });

  it('keeps `..` inside the virtual tree: nothing is written outside incoming', async () => {
    const ftp = await login();
    expect((await ftp.send('CWD /incoming')).code).toBe(250);
    for (const path of ['../evil.dsc', '../../evil.dsc', '../../../../../tmp/evil.dsc', '..\\evil.dsc', '/incoming/../evil.dsc']) {
      const { first } = await ftp.stor(path, Buffer.from('evil'));
      expect(first.code, path).toBe(550);
    }
    expect((await ftp.send('CWD ../../etc')).code).toBe(550);
    expect((await ftp.send('CWD ..')).text).toContain('"/"');
    expect((await ftp.send('PWD')).text).toContain('"/"');
    expect(await readdir(root)).not.toContain('evil.dsc');
    expect(existsSync('/tmp/evil.dsc')).toBe(false);
    expect(await incoming()).toEqual([]);
  });

  it('refuses absolute paths outside /incoming and accepts /incoming/<name>', async () => {
    const ftp = await login();
    expect((await ftp.stor('/etc/evil.dsc', Buffer.from('x'))).first.code).toBe(550);
    expect((await ftp.stor('/evil.dsc', Buffer.from('x'))).first.code).toBe(550);
    expect((await ftp.stor(`${root}/evil.dsc`, Buffer.from('x'))).first.code).toBe(550);
    expect((await ftp.send('CWD /etc')).code).toBe(550);
    expect((await ftp.send(`CWD ${incomingDir}`)).code).toBe(550);

    const { final } = await ftp.stor('/incoming/ok_1.0.dsc', Buffer.from('fine'));
    expect(final?.code).toBe(226);
    expect(await incoming()).toEqual(['ok_1.0.dsc']);
    expect(existsSync('/etc/evil.dsc')).toBe(false);
  });

  it('refuses names that are not plain Debian file names', async () => {
    const ftp = await login();
    await ftp.send('CWD /incoming');
    for (const name of ['.hidden', '.partial', 'a b.dsc', '-rf']) {
      const { first } = await ftp.stor(name, Buffer.from('x'));
      expect(first.code, name).toBe(553);
    }
    expect((await ftp.stor('sub/x.dsc', Buffer.from('x'))).first.code).toBe(550);
    expect(await incoming()).toEqual([]);
  });

  it('lists only /incoming and never reads, deletes, renames or creates anything', async () => {
    await writeFile(join(incomingDir, 'present_1.0.dsc'), 'present');
    const ftp = await login();
    await ftp.send('CWD /incoming');

    const listing = await ftp.read('NLST');
    expect(listing.final?.code).toBe(226);
    expect(listing.data.trim().split(/\r?\n/)).toEqual(['present_1.0.dsc']);
    for (const path of ['/', '..', '/etc', '../..']) expect((await ftp.read(`LIST ${path}`)).first.code, path).toBe(451);

    for (const command of ['RETR present_1.0.dsc', 'RETR /etc/passwd', 'DELE present_1.0.dsc', 'MKD sub', 'RMD /incoming', 'RNFR present_1.0.dsc', 'RNTO x.dsc', 'SITE CHMOD 777 present_1.0.dsc', 'APPE present_1.0.dsc', 'SIZE present_1.0.dsc', 'STOU', 'STAT /etc']) {
      expect((await ftp.send(command)).code, command).toBe(502);
    }
    expect(await readFile(join(incomingDir, 'present_1.0.dsc'), 'utf8')).toBe('present');
    expect(await incoming()).toEqual(['present_1.0.dsc']);
  });

  it('refuses PORT and EPRT, so it never connects anywhere (no FTP bounce)', async () => {
    const connections: string[] = [];
    const victim: Server = createServer((socket) => {
      connections.push(String(socket.remoteAddress));
      socket.destroy();
    });
    await new Promise<void>((resolve) => victim.listen(0, '127.0.0.1', resolve));
    const victimPort = (victim.address() as { port: number }).port;
    try {
      const ftp = await login();
      expect((await ftp.send(`PORT 127,0,0,1,${victimPort >> 8},${victimPort & 255}`)).code).toBe(502);
      expect((await ftp.send(`EPRT |1|127.0.0.1|${victimPort}|`)).code).toBe(502);
      const list = await ftp.send('LIST /incoming');
      expect(list.code).toBe(451);
      expect(list.text).toContain('No connector setup');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(connections).toEqual([]);
    } finally {
      victim.close();
    }
  });

  it('accepts only anonymous logins', async () => {
    const { client: ftp } = await RawFtpClient.connect(port);
    client = ftp;
    expect((await ftp.send('USER root')).code).toBe(331);
    expect((await ftp.send('PASS secret')).code).toBe(530);
    expect((await ftp.send('CWD /incoming')).code).toBe(530);
  });

  it('aborts a file over the per-file limit and removes what was received', async () => {
    const ftp = await login();
    await ftp.send('CWD /incoming');
    const { first, final } = await ftp.stor('big_1.0.tar.xz', randomBytes(maxFileBytes + 1));
    expect(first.code).toBe(150);
    expect(final?.code).toBe(552);
    expect(final?.text).toContain(`limit of ${maxFileBytes} bytes per file`);
    expect(await incoming()).toEqual([]);
    expect(await partials()).toEqual([]);

    const exact = await ftp.stor('fits_1.0.tar.xz', randomBytes(maxFileBytes));
    expect(exact.final?.code).toBe(226);
    expect(await incoming()).toEqual(['fits_1.0.tar.xz']);
  });

  it('aborts the file that takes one session over the per-upload limit', async () => {
    const ftp = await login();
    await ftp.send('CWD /incoming');
    expect((await ftp.stor('a_1.0.tar.xz', randomBytes(60 * 1024))).final?.code).toBe(226);
    const second = await ftp.stor('b_1.0.tar.xz', randomBytes(60 * 1024));
    expect(second.final?.code).toBe(552);
    expect(second.final?.text).toContain(`limit of ${maxUploadBytes} bytes`);
    expect(await incoming()).toEqual(['a_1.0.tar.xz']);
    expect(await partials()).toEqual([]);
  });

  it('does not follow a symlink in incoming: STOR replaces the link, the target stays untouched', async () => {
    const outside = join(root, 'outside.txt');
    await writeFile(outside, 'precious');
    await symlink(outside, join(incomingDir, 'link_1.0.dsc'));
    const ftp = await login();
    await ftp.send('CWD /incoming');

    expect((await ftp.read('NLST')).data).not.toContain('link_1.0.dsc');
    expect((await ftp.stor('link_1.0.dsc', Buffer.from('uploaded'))).final?.code).toBe(226);

    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect((await lstat(join(incomingDir, 'link_1.0.dsc'))).isFile()).toBe(true);
    expect(await readFile(join(incomingDir, 'link_1.0.dsc'), 'utf8')).toBe('uploaded');
    await expect(readlink(join(incomingDir, 'link_1.0.dsc'))).rejects.toThrow();
  });

  describe('global incoming quota (FTP and HTTP drops together)', () => {
    it('refuses a STOR with 552 when incoming is full, before anything is stored', async () => {
      await writeFile(join(httpDir, 'waiting_1.0.tar.xz'), randomBytes(quotaBytes));
      const ftp = await login();
      await ftp.send('CWD /incoming');
      const { first, final } = await ftp.stor('late_1.0.dsc', Buffer.from('x'));
      expect(first.code).toBe(552);
      expect(first.text).toBe(`552 incoming is full: ${quotaBytes} bytes are waiting to be processed, the quota is ${quotaBytes} bytes; "late_1.0.dsc" was not stored, try again later`);
      expect(final).toBeUndefined();
      expect(await incoming()).toEqual([]);
      expect(await partials()).toEqual([]);
    });

    it('aborts with 552 the transfer that takes incoming over the quota, keeping nothing of it', async () => {
      await writeFile(join(httpDir, 'waiting_1.0.tar.xz'), randomBytes(quotaBytes - 50 * 1024));
      const ftp = await login();
      await ftp.send('CWD /incoming');
      expect((await ftp.stor('fits_1.0.tar.xz', randomBytes(40 * 1024))).final?.code).toBe(226);
      const { first, final } = await ftp.stor('over_1.0.tar.xz', randomBytes(20 * 1024));
      expect(first.code).toBe(150);
      expect(final?.code).toBe(552);
      expect(final?.text).toContain('incoming is full');
      expect(await incoming()).toEqual(['fits_1.0.tar.xz']);
      expect(await partials()).toEqual([]);
    });
  });

  describe('the file system of a login, without ftp-srv’s command filter in front', () => {
    const fileSystem = (): IncomingFileSystem =>
      new IncomingFileSystem({} as FtpConnection, incomingDir, { limits: { maxFileBytes, maxUploadBytes }, quota, transferIdleTimeoutMs: 60_000 });

    it('refuses to write anywhere but directly into incoming', async () => {
      const fs = fileSystem();
      for (const path of ['/evil.dsc', '../evil.dsc', '/incoming/../evil.dsc', '/incoming/sub/evil.dsc', '/etc/evil.dsc', `${root}/evil.dsc`, '/incoming/x\0.dsc']) {
        await expect(fs.write(path), path).rejects.toBeInstanceOf(IncomingRefusedError);
      }
      await expect(fs.chdir('/etc')).rejects.toMatchObject({ code: 'path-not-allowed' });
      await expect(fs.list('/')).rejects.toMatchObject({ code: 'path-not-allowed' });
      expect(await readdir(root)).not.toContain('evil.dsc');
      expect(await incoming()).toEqual([]);
    });

    it('refuses mkdir, rename, delete, chmod and reads, inside incoming and out', async () => {
      await writeFile(join(incomingDir, 'present_1.0.dsc'), 'present');
      const fs = fileSystem();
      const refusals = [
        fs.mkdir('/incoming/sub'),
        fs.mkdir('/tmp/evil'),
        fs.rename('/incoming/present_1.0.dsc', '/incoming/moved_1.0.dsc'),
        fs.rename('/incoming/present_1.0.dsc', '/tmp/moved.dsc'),
        fs.delete('/incoming/present_1.0.dsc'),
        fs.delete('/etc/passwd'),
        fs.chmod('/incoming/present_1.0.dsc', '777'),
        fs.read('/incoming/present_1.0.dsc'),
      ];
      for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ code: 'operation-not-allowed' });
      expect(() => fs.getUniqueName()).toThrow(IncomingRefusedError);
      expect(await incoming()).toEqual(['present_1.0.dsc']);
      expect(await readFile(join(incomingDir, 'present_1.0.dsc'), 'utf8')).toBe('present');
      expect(existsSync('/tmp/evil')).toBe(false);
    });
  });

  describe('connection limits and idle timeouts', () => {
    let limited: IncomingFtpServer;
    let limitedPort: number;
    const clients: RawFtpClient[] = [];
    const connectFrom = async (localAddress: string) => {
      const connected = await RawFtpClient.connect(limitedPort, '127.0.0.1', localAddress);
      clients.push(connected.client);
      return connected;
    };

    beforeAll(async () => {
      limited = new IncomingFtpServer(
        options({ pasvMin: pasvMin + 100, pasvMax: pasvMin + 150, maxConnections: 3, maxConnectionsPerAddress: 2, idleTimeoutMs: 400, transferIdleTimeoutMs: 800 }),
      );
      limitedPort = await limited.start();
    });
    afterAll(() => limited.stop());
    afterEach(() => {
      for (const client of clients.splice(0)) client.close();
    });

    it('answers 421 to connections over the cap per address and in total, and takes them again when one closes', async () => {
      expect((await connectFrom('127.0.0.1')).greeting.code).toBe(220);
      const second = await connectFrom('127.0.0.1');
      expect(second.greeting.code).toBe(220);
      const third = await connectFrom('127.0.0.1');
      expect(third.greeting.text).toBe('421 too many FTP connections from 127.0.0.1 (limit 2 per address); try again later');
      await third.client.closed();

      expect((await connectFrom('127.0.0.2')).greeting.code).toBe(220);
      const overTotal = await connectFrom('127.0.0.3');
      expect(overTotal.greeting.text).toBe('421 too many FTP connections (limit 3); try again later');
      await overTotal.client.closed();

      second.client.close();
      await sleep(100);
      expect((await connectFrom('127.0.0.1')).greeting.code).toBe(220);
    });

    it('closes an idle control connection with 421', async () => {
      const { client } = await connectFrom('127.0.0.1');
      expect((await client.send('USER anonymous')).code).toBe(230);
      const started = performance.now();
      const reply = await client.reply();
      expect(reply.text).toBe('421 idle for 0.4 s: closing the connection');
      expect(performance.now() - started).toBeGreaterThanOrEqual(350);
      await client.closed();
    });

    it('aborts a transfer whose data connection goes idle with 426, keeping nothing', async () => {
      const { client } = await connectFrom('127.0.0.1');
      await client.send('USER anonymous');
      await client.send('CWD /incoming');
      const { first, data } = await client.startStor('stalled_1.0.tar.xz');
      expect(first.code).toBe(150);
      data!.write(randomBytes(1000));
      const final = await client.reply();
      expect(final.text).toBe('426 the data connection sent nothing for 0.8 s: the transfer of "stalled_1.0.tar.xz" was aborted, nothing of it kept');
      await sleep(50);
      expect(await incoming()).toEqual([]);
      expect(await partials()).toEqual([]);
    });

    it('keeps the control connection open during a transfer longer than its idle timeout', async () => {
      const { client } = await connectFrom('127.0.0.1');
      await client.send('USER anonymous');
      await client.send('CWD /incoming');
      const { data } = await client.startStor('slow_1.0.tar.xz');
      for (let i = 0; i < 8; i++) {
        data!.write(randomBytes(100));
        await sleep(150);
      }
      data!.end();
      expect((await client.reply()).code).toBe(226);
      expect(await incoming()).toEqual(['slow_1.0.tar.xz']);
    });
  });
});
