import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import { createProgram } from './main.js';
import { leafCommands } from './output.js';
import { runCli, stubDaemon, type StubDaemon } from './testing/cli-harness.js';

const repositoryConfig = {
  repository: 'test',
  layout: { name: 'Default', suites: [{ name: 'unstable', uploadable: true, migratesTo: 'testing' }, { name: 'testing', uploadable: false, migratesTo: null }] },
  codenames: [{ codename: 'bookworm', architectures: [{ architecture: 'amd64', optional: false }, { architecture: 'i386', optional: true }] }],
  uploadPolicy: 'source-only',
  allowUnsignedUploads: true,
};
const status = { eventStore: 'sqlite', followers: [{ name: 'archive', state: 'running', position: 7, lag: 0, parked: [] }] };
const auditEntry = { position: 1, occurredAt: '2026-11-30T00:00:00Z', streamId: 'repository-test', type: 'RepositoryCreated', actor: 'user:admin', correlationId: 'c1' };

/** The daemon's answers to the calls of the archive, configuration, events and status commands. */
const routes = {
  'GET /api/status': { body: status },
  'GET /api/events': { body: { items: [auditEntry], nextAfter: null } },
  'GET /api/log/verify': { body: { ok: false, position: 2, reason: 'hash mismatch' } },
  'GET /api/projections': { body: [{ name: 'audit-log', position: 7 }] },
  'POST /api/projections/rebuild': { body: { rebuilt: ['audit-log'] } },
  'GET /api/repositories': { body: [repositoryConfig] },
  'POST /api/repositories': { status: 409, body: { statusCode: 409, message: 'repository test already exists' } },
  'GET /api/repositories/test/uploaders': { body: [{ fingerprint: 'ABCD', uid: 'Dev <dev@example.org>' }] },
  'GET /api/packages': { body: [{ distribution: 'bookworm-test-unstable', source: 'hello', version: '1.0' }] },
  'GET /api/archive/diff': { body: { from: 0, to: 9, entries: [{ distribution: 'bookworm-test-unstable', source: 'hello', change: 'entered', after: '1.0', causes: [{ position: 5, type: 'PackageInstalled', correlationId: 'c2' }] }] } },
  'POST /api/archive/rebuild': { body: { out: '/tmp/x', position: 9 } },
  'POST /api/packages/migrate': { body: { migrated: 'hello', to: 'bookworm-test-testing' } },
  'POST /api/packages/remove': { status: 401, body: { statusCode: 401, message: 'sign in' } },
  'GET /api/builds': { body: [{ id: 'b1', source: 'hello', state: 'waiting' }] },
  'POST /api/builds/b1/cancel': { body: { cancelled: 'b1' } },
  'POST /api/followers/archive/parked/4/retry': { body: { retried: 4 } },
  'GET /api/chroots': { body: [{ codename: 'bookworm', architecture: 'amd64', state: 'ready' }] },
  'POST /api/chroots/create': { body: { codename: 'bookworm', architecture: 'amd64' } },
};

let daemon: StubDaemon;
let dir: string;
beforeAll(async () => {
  daemon = await stubDaemon(routes);
  dir = mkdtempSync(join(tmpdir(), 'mbd-cli-'));
  writeFileSync(join(dir, 'test.json'), JSON.stringify(repositoryConfig));
});
afterAll(async () => {
  await daemon.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('--json: one JSON document on stdout, the daemon’s answer', () => {
  it.each([
    [['status'], status],
    [['events'], [auditEntry]],
    [['projections', 'list'], routes['GET /api/projections'].body],
    [['projections', 'rebuild', 'audit-log'], routes['POST /api/projections/rebuild'].body],
    [['repositories'], [repositoryConfig]],
    [['uploader', 'list', 'test'], routes['GET /api/repositories/test/uploaders'].body],
    [['archive', 'list'], routes['GET /api/packages'].body],
    [['archive', 'diff', '0', '9'], routes['GET /api/archive/diff'].body],
    [['archive', 'rebuild'], routes['POST /api/archive/rebuild'].body],
    [['migrate', 'bookworm-test-unstable', 'hello'], routes['POST /api/packages/migrate'].body],
    [['builds'], routes['GET /api/builds'].body],
    [['cancel', 'b1'], routes['POST /api/builds/b1/cancel'].body],
    [['retry', 'archive@4'], routes['POST /api/followers/archive/parked/4/retry'].body],
    [['chroot', 'list'], routes['GET /api/chroots'].body],
    [['chroot', 'create', 'bookworm', 'amd64'], routes['POST /api/chroots/create'].body],
  ])('mbd %j --json', async (args, body) => {
    const result = await runCli(daemon.api, ...args, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(body);
  });

  it('verify-log of a broken log: the verdict as JSON and exit code 1', async () => {
    const result = await runCli(daemon.api, 'verify-log', '--json');
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, position: 2, reason: 'hash mismatch' });
    expect(result.code).toBe(1);
  });
});

describe('without --json: a readable form', () => {
  it('status: key: value lines, then the followers table', async () => {
    const result = await runCli(daemon.api, 'status');
    expect(result.stdout).toMatch(/^eventStore: sqlite$/m);
    expect(result.stdout).toMatch(/^follower +state +position +lag +parked +lastError/m);
  });

  it('repositories: one summary line per repository, not the JSON configuration', async () => {
    const result = await runCli(daemon.api, 'repositories');
    expect(result.stdout).toMatch(/^repository +layout +codenames +suites +uploads/m);
    expect(result.stdout).toContain('bookworm (amd64 i386?)');
    expect(result.stdout).toContain('unstable*→testing testing');
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  it('archive diff: the positions, then a table of changes with their causes', async () => {
    const result = await runCli(daemon.api, 'archive', 'diff', '0', '9');
    expect(result.stdout).toContain('positions 0 → 9');
    expect(result.stdout).toContain('PackageInstalled@5 (c2)');
  });

  it('verify-log: says where the log broke', async () => {
    expect((await runCli(daemon.api, 'verify-log')).stdout).toContain('log BROKEN at position 2: hash mismatch');
  });
});

describe('failures: stderr and a non-zero exit code, problem+json with --json', () => {
  it('a refused call: the daemon’s reason and the call, nothing on stdout', async () => {
    const file = join(dir, 'test.json');
    const json = await runCli(daemon.api, 'repository', 'create', file, '--json');
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'repository test already exists',
      instance: 'POST /api/repositories',
    });
    const readable = await runCli(daemon.api, 'repository', 'create', file);
    expect(readable.stderr.trim()).toBe('mbd: POST /api/repositories: 409 repository test already exists');
    expect(readable.code).toBe(1);
  });

  it('not signed in: exit code 3', async () => {
    const result = await runCli(daemon.api, 'remove', 'bookworm-test-unstable', 'hello', '--json');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr)).toMatchObject({ status: 401, title: 'Unauthorized', detail: 'sign in' });
  });

  it('no daemon: a 503 problem naming the URL it tried', async () => {
    const result = await runCli(new ApiClient('http://127.0.0.1:1', 'x'), 'status', '--json');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toMatchObject({ status: 503, title: 'mbd daemon unreachable', detail: expect.stringContaining('http://127.0.0.1:1') });
  });

  it('a wrong command line: commander’s reason, as a problem with --json', async () => {
    const json = await runCli(daemon.api, 'migrate', 'bookworm-test-unstable', '--json');
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toMatchObject({ status: 400, detail: "missing required argument 'source'" });
    const readable = await runCli(daemon.api, 'migrate', 'bookworm-test-unstable');
    expect(readable.code).toBe(1);
    expect(readable.stderr).toContain("error: missing required argument 'source'");
  });

  it('an unknown command: a problem with --json; a group without its subcommand: its usage', async () => {
    const json = await runCli(daemon.api, 'nonsense', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toMatchObject({ status: 400, detail: "unknown command 'nonsense'" });
    const readable = await runCli(daemon.api, 'chroot');
    expect(readable.code).toBe(1);
    expect(readable.stderr).toContain('Usage: mbd chroot');
  });
});

describe('every command, those added later included', () => {
  const words = (command: Command): string[] => (command.parent ? [...words(command.parent), command.name()] : []);
  /** The command's words and a placeholder for each required argument (its first choice where it has choices). */
  const commandLines = leafCommands(createProgram()).map((leaf) => {
    const args = [...words(leaf), ...leaf.registeredArguments.filter((argument) => argument.required).map((argument) => argument.argChoices?.[0] ?? 'x')];
    return [args.join(' '), args] as const;
  });

  it.each(commandLines)('mbd %s --json against a daemon that answers 404: one problem on stderr, or one JSON document on stdout', async (_line, args) => {
    const failing = await stubDaemon({});
    try {
      const result = await runCli(failing.api, ...args, '--json');
      if (result.code === 0) {
        expect(result.stderr).toBe('');
        expect(() => JSON.parse(result.stdout), result.stdout).not.toThrow();
      } else {
        expect(result.stdout).toBe('');
        expect(JSON.parse(result.stderr)).toEqual(expect.objectContaining({ type: 'about:blank', status: expect.any(Number), detail: expect.any(String) }));
      }
    } finally {
      await failing.close();
    }
  });
});

describe('mbd completion', () => {
  it('bash and zsh print their script; --json wraps it', async () => {
    expect((await runCli(daemon.api, 'completion', 'bash')).stdout).toMatch(/^# bash completion for mbd/);
    expect((await runCli(daemon.api, 'completion', 'zsh')).stdout).toMatch(/^#compdef mbd\n/);
    const json = JSON.parse((await runCli(daemon.api, 'completion', 'bash', '--json')).stdout) as { shell: string; script: string };
    expect(json.shell).toBe('bash');
    expect(json.script).toContain('complete -F _mbd mbd');
  });

  it('values: the names the daemon knows, one a line', async () => {
    const values = async (kind: string) => (await runCli(daemon.api, 'completion', 'values', kind)).stdout.split('\n').filter(Boolean);
    expect(await values('distribution')).toEqual(['bookworm-test-unstable', 'bookworm-test-testing']);
    expect(await values('repository')).toEqual(['test']);
    expect(await values('codename')).toEqual(['bookworm']);
    expect(await values('architecture')).toEqual(['amd64', 'i386']);
  });

  it("values: a name a hostile daemon sends with shell syntax in it is dropped, never handed to bash's compgen", async () => {
    const hostile = await stubDaemon({
      'GET /api/repositories': {
        body: [{ repository: '$(touch /tmp/pwned)', layout: { suites: [{ name: 'unstable' }] }, codenames: [{ codename: 'bookworm`id`', architectures: [{ architecture: 'amd64' }] }] }],
      },
    });
    try {
      const values = async (kind: string) => (await runCli(hostile.api, 'completion', 'values', kind)).stdout.split('\n').filter(Boolean);
      expect(await values('repository')).toEqual([]);
      expect(await values('codename')).toEqual([]);
      expect(await values('architecture')).toEqual(['amd64']);
    } finally {
      await hostile.close();
    }
  });

  it('values: nothing and success when the daemon does not answer, so a TAB never prints an error', async () => {
    const result = await runCli(new ApiClient('http://127.0.0.1:1', 'x'), 'completion', 'values', 'distribution');
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
