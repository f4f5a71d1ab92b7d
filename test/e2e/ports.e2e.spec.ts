/**
 * mini-buildd's ports end to end (issue 13), with one daemon and a second codename (trixie) in the
 * test repository: an upload installed in bookworm-test-unstable is ported with `mbd port` to
 * trixie-test-unstable, built in a trixie chroot and installed with the port version; apt sees it, and
 * its changelog, the audit log and the ports API lead back to the bookworm original. A .dsc served by
 * a plain HTTP server is ported with port_ext when an uploader signed it, and refused, with its
 * reason and nothing changed, when unsigned.
 */
import { GnupgHome } from '@mbd/gpg';
import { readKey } from 'openpgp';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { createChroot } from '../support/daemon-chroot.js';
import { buildSource } from '../support/sources.js';
import { UploadLog, dput, dputConfig } from '../support/uploads.js';

const run = promisify(execFile);
const BOOKWORM = 'bookworm-test-unstable';
const TRIXIE = 'trixie-test-unstable';

interface PortAnswer {
  distribution: string;
  refused?: string;
  events: { position: number; type: string; data: Record<string, unknown> }[];
}

/** Serves the files of `dir` read-only, like any archive's pool. */
function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
    if (!readdirSync(dir).includes(name)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(join(dir, name)).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('ports: port, port_ext', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let config: string;
  let apt: PrivateApt;
  let server: Server;
  let served: string;
  const log = new UploadLog(() => daemon);

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1' } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    expect((await daemon.cli('uploader', 'add', 'test', keyFile)).code).toBe(0);

    // The second codename: trixie (codeversion 13) in repository test, through the API like an admin.
    const repositories = await daemon.api<{ repository: string; codenames: Record<string, unknown>[] }[]>('GET', '/api/repositories', undefined, false);
    const test = repositories.body.find((repository) => repository.repository === 'test')!;
    const withTrixie = { ...test, codenames: [...test.codenames, { codename: 'trixie', codeversion: '13', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }] };
    const changed = await daemon.api('PUT', '/api/repositories/test', withTrixie);
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);

    await createChroot(daemon, 'bookworm');
    await createChroot(daemon, 'trixie');
    config = await dputConfig(daemon);
    apt = await PrivateApt.forRepository(daemon.url, 'test', [BOOKWORM, TRIXIE]);
    served = mkdtempSync(join(tmpdir(), 'mbd-port-ext-served-'));
    server = await serve(served);
  });

  afterAll(async () => {
    server?.close();
    await daemon?.cli('chroot', 'remove', 'trixie', 'amd64');
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  it('ports an installed bookworm upload to trixie with mbd port: installed with the port version, traceable to the original', async () => {
    const changes = await buildSource('mbd-test-all');
    await gnupg.debsign(changes, uploader);
    await dput(config, [changes], gnupg.env);
    const original = await log.outcome('mbd-test-all', '1.0~test12+1');
    expect(original.end.type, JSON.stringify(original.end.data)).toBe('PackageInstalled');
    const originalDscSha256 = createHash('sha256').update(readFileSync(join(dirname(changes), 'mbd-test-all_1.0~test12+1.dsc'))).digest('hex');

    const ported = await daemon.cli('port', 'mbd-test-all', BOOKWORM, TRIXIE, '--json');
    expect(ported.code, ported.stderr).toBe(0);
    const [answer] = JSON.parse(ported.stdout) as PortAnswer[];
    expect(answer).toMatchObject({ distribution: TRIXIE });
    expect(answer!.refused).toBeUndefined();
    const portedEvent = answer!.events.find((event) => event.type === 'PackagePorted')!;
    expect(portedEvent.data).toMatchObject({ from: BOOKWORM, fromVersion: '1.0~test12+1', to: TRIXIE, version: '1.0~test13+1', kind: 'internal' });

    const port = await log.outcome('mbd-test-all', '1.0~test13+1');
    expect(port.end.type, JSON.stringify(port.events.map((event) => [event.type, event.data]))).toBe('PackageInstalled');
    expect(port.end.data).toMatchObject({ distribution: TRIXIE });
    // Signed by the archive key (the uploader keyring holds it), like mini-buildd's ports.
    const accepted = port.events.find((event) => event.type === 'UploadAccepted')!;
    const archiveKey = await readKey({ armoredKey: await (await fetch(`${daemon.url}/repositories/test/archive-key.asc`)).text() });
    expect(accepted.data.signedBy).toBe(archiveKey.getFingerprint().toUpperCase());

    await settled(daemon);
    await apt.update();
    expect(await apt.versions('mbd-test-all')).toEqual({ [BOOKWORM]: '1.0~test12+1', [TRIXIE]: '1.0~test13+1' });

    // The port's changelog: the new entry names the original .dsc, carries the default option, and the original entry follows.
    const work = mkdtempSync(join(tmpdir(), 'mbd-port-source-'));
    await run('apt-get', ['source', '--download-only', 'mbd-test-all=1.0~test13+1'], { cwd: work, env: { ...process.env, APT_CONFIG: join(apt.dir, 'apt.conf'), LC_ALL: 'C' } });
    await run('dpkg-source', ['--no-check', '-x', 'mbd-test-all_1.0~test13+1.dsc', 'tree'], { cwd: work });
    const changelog = readFileSync(join(work, 'tree', 'debian', 'changelog'), 'utf8');
    const [top, second] = changelog.split(/^(?=mbd-test-all \()/m);
    expect(top).toMatch(/^mbd-test-all \(1\.0~test13\+1\) trixie-test-unstable;/);
    // dch wraps the long line as it wraps any.
    expect(top!.replace(/\s+/g, ' ')).toContain(`Automated port via mbd (no changes). Original DSC's SHA256: ${originalDscSha256}`);
    expect(top).toContain('MINI_BUILDD_OPTION: lintian-mode=ignore');
    expect(second).toMatch(/^mbd-test-all \(1\.0~test12\+1\) bookworm-test-unstable;/);

    // The ports API and the audit log lead from the trixie upload back to the bookworm original.
    const lineage = await daemon.api<{ position: number; from: string; fromVersion: string; to: string; version: string; actor: string; upload: { uploadId: string; state: string } | null }[]>(
      'GET',
      '/api/packages/ports?source=mbd-test-all',
      undefined,
      false,
    );
    expect(lineage.body).toHaveLength(1);
    expect(lineage.body[0]).toMatchObject({ from: BOOKWORM, fromVersion: '1.0~test12+1', to: TRIXIE, version: '1.0~test13+1', actor: 'user:admin' });
    expect(lineage.body[0]!.upload?.uploadId).toBe(port.received!.data.uploadId);
    const audit = await log.events('type=PackagePorted');
    expect(audit.map((event) => event.position)).toEqual([lineage.body[0]!.position]);
    const cli = await daemon.cli('ports', 'mbd-test-all');
    expect(cli.stdout).toContain(`${BOOKWORM} 1.0~test12+1`);
    expect(cli.stdout).toContain(`${TRIXIE} 1.0~test13+1`);
    const cliJson = await daemon.cli('ports', 'mbd-test-all', '--json');
    expect(JSON.parse(cliJson.stdout)).toEqual(lineage.body);
    await settled(daemon);
  });

  it('port_ext: a .dsc an uploader signed, served over HTTP, installs with the external port version', async () => {
    const changes = await buildSource('mbd-test-lib', { version: '2.0' });
    await gnupg.debsign(changes, uploader);
    const dsc = join(dirname(changes), 'mbd-test-lib_2.0.dsc');
    for (const name of ['mbd-test-lib_2.0.dsc', 'mbd-test-lib_2.0.tar.xz']) writeFileSync(join(served, name), readFileSync(join(dirname(dsc), name)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mbd-test-lib_2.0.dsc`;

    const ported = await daemon.cli('port-ext', url, TRIXIE, '--json');
    expect(ported.code, ported.stderr).toBe(0);
    const [answer] = JSON.parse(ported.stdout) as PortAnswer[];
    expect(answer!.events.find((event) => event.type === 'PackagePorted')?.data).toMatchObject({ kind: 'external', from: url, version: '2.0~test13+1', signedBy: uploader });

    const port = await log.outcome('mbd-test-lib', '2.0~test13+1');
    expect(port.end.type, JSON.stringify(port.events.map((event) => [event.type, event.data]))).toBe('PackageInstalled');
    await settled(daemon);
    await apt.update();
    expect(await apt.versions('mbd-test-lib')).toEqual({ [TRIXIE]: '2.0~test13+1' });
    await settled(daemon);
  });

  it('port_ext: an unsigned .dsc without allowUnauthenticated is refused with its reason, and nothing changes', async () => {
    const changes = await buildSource('mbd-test-lib', { version: '3.0' });
    for (const name of ['mbd-test-lib_3.0.dsc', 'mbd-test-lib_3.0.tar.xz']) writeFileSync(join(served, name), readFileSync(join(dirname(changes), name)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mbd-test-lib_3.0.dsc`;
    const before = await daemon.api<{ items: unknown[] }>('GET', '/api/packages?source=mbd-test-lib', undefined, false);

    const refused = await daemon.api<{ status: number; detail?: string; message?: string }>('POST', '/api/packages/port-ext', { dsc: url, to: [TRIXIE] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/signature-invalid/);
    expect(JSON.stringify(refused.body)).toMatch(/not signed/i);

    const refusals = (await log.events('type=ArchiveCommandRefused')).filter((event) => event.data.source === 'mbd-test-lib');
    expect(refusals.at(-1)?.data).toMatchObject({ command: 'port', distribution: TRIXIE, reason: 'signature-invalid' });
    expect((await log.events('type=PackagePorted')).filter((event) => event.data.fromVersion === '3.0')).toEqual([]);
    await settled(daemon);
    expect((await log.events('type=UploadReceived')).filter((event) => String(event.data.version).startsWith('3.0'))).toEqual([]);
    expect((await daemon.api('GET', '/api/packages?source=mbd-test-lib', undefined, false)).body).toEqual(before.body);
    expect(basename(url)).toBe('mbd-test-lib_3.0.dsc');
  });
});
