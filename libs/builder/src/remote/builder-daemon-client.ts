import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { digesting, fileDigest } from './file-digest.js';
import { remoteBuildJobSchema, type RemoteBuildJob, type RemoteFile } from './remote-build-job.js';

/** What a remote builder offers when it registers, and its load on each heartbeat. */
export interface BuilderOffer {
  readonly architectures: readonly string[];
  readonly codenames: readonly string[];
  readonly slots: number;
  readonly load: number;
  /** Its OpenPGP public key, armored: the daemon takes results signed by it once an admin approved it. */
  readonly publicKey: string;
}

/** The daemon's answer to a registration. */
export interface BuilderRegistration {
  readonly name: string;
  readonly fingerprint: string;
  readonly approved: boolean;
  readonly heartbeatSeconds: number;
}

/** A call to the daemon that did not succeed: its HTTP status (0: unreachable) and the daemon's reason. */
export class BuilderCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BuilderCallError';
  }
}

const reasonOf = (text: string): string => {
  try {
    const body = JSON.parse(text) as { message?: unknown; detail?: unknown };
    return String(body.detail ?? body.message ?? text);
  } catch {
    return text;
  }
};

/**
 * A remote builder's side of the daemon's builder API, with its builder token: register, heartbeat,
 * claim a build, fetch its sources (checked by SHA-256), send its log live, send its result files and
 * the signed manifest.
 */
export class BuilderDaemonClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    readonly name: string,
  ) {}

  async register(offer: BuilderOffer): Promise<BuilderRegistration> {
    return (await this.json('POST', `/api/builders/${encodeURIComponent(this.name)}/register`, offer)) as BuilderRegistration;
  }

  /** Tells the daemon this builder is alive; answers the builds it runs that the daemon no longer gives it (cancelled, re-queued). */
  async heartbeat(load: number, running: readonly string[]): Promise<{ readonly cancel: readonly string[] }> {
    return (await this.json('POST', `/api/builders/${encodeURIComponent(this.name)}/heartbeat`, { load, running })) as { cancel: string[] };
  }

  /** The next build this builder can take, or undefined when none waits. */
  async claim(): Promise<RemoteBuildJob | undefined> {
    const response = await this.call('POST', `/api/builders/${encodeURIComponent(this.name)}/claim`, JSON.stringify({}), 'application/json');
    if (response.status === 204) return undefined;
    return remoteBuildJobSchema.parse(await response.json());
  }

  /** Fetches one source file into `target`; throws when its size or SHA-256 is not the job's. */
  async download(file: RemoteBuildJob['files'][number], target: string): Promise<void> {
    const response = await this.call('GET', new URL(file.url, this.url).pathname);
    if (!response.body) throw new BuilderCallError(response.status, `${file.name}: the daemon sent no body`);
    const counting = digesting(file.size, () => new Error(`${file.name}: the daemon sent more than the job's ${file.size} bytes`));
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counting.stream, createWriteStream(target));
    const { sha256, size } = counting.digest();
    if (sha256 !== file.sha256 || size !== file.size) throw new Error(`${file.name}: fetched ${size} bytes with SHA-256 ${sha256}, the job says ${file.size} bytes, ${file.sha256}`);
  }

  async log(buildId: string, lines: readonly string[]): Promise<void> {
    await this.json('POST', `/api/builds/${encodeURIComponent(buildId)}/log`, { lines });
  }

  /** Sends one result file (streamed); answers its name, size and SHA-256 as sent. */
  async putResult(buildId: string, path: string): Promise<RemoteFile> {
    const name = basename(path);
    const digest = await fileDigest(path);
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream;
    await this.call('PUT', `/api/builds/${encodeURIComponent(buildId)}/result/${encodeURIComponent(name)}`, body, 'application/octet-stream');
    return { name, ...digest };
  }

  async submitResult(buildId: string, signedManifest: string): Promise<void> {
    await this.json('POST', `/api/builds/${encodeURIComponent(buildId)}/result`, { manifest: signedManifest });
  }

  private async json(method: string, path: string, body: unknown): Promise<unknown> {
    const response = await this.call(method, path, JSON.stringify(body), 'application/json');
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  private async call(method: string, path: string, body?: string | ReadableStream, contentType?: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.url), {
        method,
        headers: { authorization: `Bearer ${this.token}`, 'x-mbd-builder': this.name, accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
        ...(body === undefined ? {} : { body, duplex: 'half' }),
      } as RequestInit);
    } catch (error) {
      throw new BuilderCallError(0, `cannot reach the daemon at ${this.url}: ${String((error as Error).cause ?? (error as Error).message)}`);
    }
    if (!response.ok) throw new BuilderCallError(response.status, `${method} ${path}: ${response.status} ${reasonOf(await response.text())}`);
    return response;
  }
}
