/**
 * Sending uploads the way uploaders do (stock dput, a plain FTP client) and waiting for what the
 * daemon made of them, read from its audit log (GET /api/events).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningDaemon } from './daemon.js';
import { uploadFiles } from './sources.js';

const run = promisify(execFile);

export interface LogEntry {
  readonly position: number;
  readonly type: string;
  readonly streamId: string;
  readonly correlationId: string;
  readonly data: Record<string, unknown>;
}

/** The events that end an upload. */
export const OUTCOMES = ['PackageInstalled', 'UploadRejected', 'UploadFailed'] as const;

export interface Outcome {
  /** The UploadReceived, absent when the upload was rejected before it was received (incomplete, unparseable…). */
  readonly received?: LogEntry;
  /** Every event of the upload (its correlation id), in log order. */
  readonly events: readonly LogEntry[];
  /** The event that ended it. */
  readonly end: LogEntry;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `reasons` (or a single `reason`) of a rejection or failure, as one string for matching. */
export const reasonsOf = (entry: LogEntry | undefined): string => {
  if (!entry) return '';
  const { reasons, reason } = entry.data as { reasons?: unknown; reason?: unknown };
  return JSON.stringify(reasons ?? reason ?? entry.data);
};

/**
 * The daemon's audit log. Takes a getter, since a test replaces its daemon when it restarts it.
 */
export class UploadLog {
  constructor(private readonly daemon: () => RunningDaemon) {}

  /** Every event of `query` (e.g. `type=UploadReceived`), all pages. */
  async events(query = ''): Promise<LogEntry[]> {
    const all: LogEntry[] = [];
    let after = 0;
    for (;;) {
      const page = await this.daemon().api<{ items: LogEntry[]; nextAfter?: number | null }>('GET', `/api/events?limit=1000&after=${after}&${query}`, undefined, false);
      if (page.status !== 200) throw new Error(`GET /api/events?${query}: ${page.status} ${JSON.stringify(page.body)}`);
      all.push(...page.body.items);
      const next = page.body.nextAfter ?? (page.body.items.length === 1000 ? page.body.items.at(-1)!.position : null);
      if (next === null || next === undefined || page.body.items.length === 0) return all;
      after = next;
    }
  }

  /** The outcomes so far of the uploads of `source` `version` (none if still running), oldest first. */
  async outcomes(source: string, version: string): Promise<Outcome[]> {
    const matches = (e: LogEntry) => e.data.source === source && e.data.version === version;
    const received = (await this.events('type=UploadReceived')).filter(matches);
    const rejected = (await this.events('type=UploadRejected')).filter(matches);
    const found: Outcome[] = [];
    for (const entry of received) {
      const events = await this.events(`correlationId=${encodeURIComponent(entry.correlationId)}`);
      const end = events.find((e) => (OUTCOMES as readonly string[]).includes(e.type));
      if (end) found.push({ received: entry, events, end });
    }
    const receivedIds = new Set(received.map((e) => e.correlationId));
    for (const entry of rejected) if (!receivedIds.has(entry.correlationId)) found.push({ events: [entry], end: entry });
    return found.sort((a, b) => a.end.position - b.end.position);
  }

  /**
   * Waits for the outcome of an upload of `source` `version` that is not among `known` (outcomes
   * seen before, e.g. of the original of a replay).
   */
  async outcome(source: string, version: string, options: { timeoutMs?: number; known?: readonly Outcome[] } = {}): Promise<Outcome> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    const known = new Set((options.known ?? []).map((o) => o.end.position));
    for (;;) {
      const fresh = (await this.outcomes(source, version)).filter((o) => !known.has(o.end.position));
      if (fresh.length > 0) return fresh[0]!;
      if (Date.now() > deadline) {
        const received = (await this.events('type=UploadReceived')).filter((e) => e.data.source === source && e.data.version === version);
        const events = received.length > 0 ? await this.events(`correlationId=${encodeURIComponent(received.at(-1)!.correlationId)}`) : [];
        const status = await this.daemon()
          .api('GET', '/api/status', undefined, false)
          .then((r) => JSON.stringify(r.body))
          .catch((error: unknown) => String(error));
        throw new Error(
          `no outcome for ${source} ${version} within ${options.timeoutMs ?? 600_000} ms; its events: ${JSON.stringify(events.map((e) => [e.type, e.data]))}\nstatus: ${status}`,
        );
      }
      await sleep(1000);
    }
  }

  /** PackageInstalled events of `source` (every version, every distribution). */
  async installed(source: string): Promise<LogEntry[]> {
    return (await this.events('type=PackageInstalled')).filter((e) => e.data.source === source);
  }
}

/** A dput.cf for the daemon's repository `repository`: its published section, with no lintian or version check. */
export async function dputConfig(daemon: RunningDaemon, repository = 'test'): Promise<string> {
  const section = await fetch(`${daemon.url}/repositories/${repository}/dput.cf`);
  if (!section.ok) throw new Error(`GET /repositories/${repository}/dput.cf: ${section.status}`);
  return `[DEFAULT]\nrun_lintian = 0\ncheck_version = 0\n\n${await section.text()}`;
}

/** The host section name of a dput.cf. */
export const dputHost = (config: string): string => /^\[(?!DEFAULT\])([^\]]+)\]/m.exec(config)![1]!;

/**
 * Stock dput: uploads each .changes (and its files) to the daemon's FTP incoming. `-u`: dput does not
 * check signatures itself (the daemon does); `force` (-f) re-uploads what dput logged as done.
 */
export async function dput(config: string, changes: readonly string[], env: Record<string, string>, force = false): Promise<{ stdout: string; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'mbd-dput-')), 'dput.cf');
  writeFileSync(file, config);
  return run('dput', ['-c', file, '-u', ...(force ? ['-f'] : []), dputHost(config), ...changes], { env: { ...process.env, ...env } });
}

/**
 * A plain FTP client (curl, anonymous, passive) storing `files` in the daemon's /incoming, in the
 * order given: for uploads dput refuses to send (tampered, incomplete, re-encoded…).
 */
export async function ftpPut(daemon: RunningDaemon, files: readonly string[]): Promise<void> {
  const args = ['--silent', '--show-error', '--ftp-pasv', '--disable-epsv'];
  for (const file of files) args.push('-T', file, `ftp://127.0.0.1:${daemon.ftpPort}/incoming/`);
  await run('curl', args);
}

/** ftpPut of a whole upload: its listed files, then the .changes. */
export const ftpUpload = (daemon: RunningDaemon, changes: string): Promise<void> => ftpPut(daemon, uploadFiles(changes));
