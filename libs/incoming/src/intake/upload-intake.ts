import { watch, type FSWatcher } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { checkFiles, formatVersion, isDebianParseError, parseChanges, type Changes, type FileDigests } from '@mbd/debian';
import { EventStore, UploadRejected, isWrongExpectedVersionError, uploadStream, type EventMetadata, type UploadReceived } from '@mbd/events';
import { BlobStore } from '@mbd/repository';
import { ZodError } from 'zod';
import type { IncomingDrop } from '../store/incoming-drop.js';
import type { IncomingLimits } from '../store/incoming-limits.js';
import { hashIncomingFile } from './hash-incoming-file.js';
import { readDrop, type DropContents, type DropEntry } from './read-drop.js';
import { classifyKnownUpload } from './known-upload.js';
import { copyIdOf, uploadIdOf } from './upload-id.js';
import { uploadReceivedOf } from './upload-received-of.js';

export interface UploadIntakeOptions {
  readonly drop: IncomingDrop;
  readonly limits: IncomingLimits;
  /**
   * How long a .changes may wait for the files it lists: dput sends the .changes last, so they should
   * all be there; one still missing this long after the last activity of the upload (the .changes,
   * a listed file or a transfer of one) rejects the upload, naming each missing file.
   */
  readonly missingFilesGraceMs: number;
  /** Files no .changes lists, and abandoned partial transfers, are removed this long after they were last written. */
  readonly strayTimeoutMs: number;
  /** The periodic scan (a safety net under fs.watch); default min(5 s, grace / 2). */
  readonly scanIntervalMs?: number;
}

/** What one scan did with one .changes (or with a stray file). */
export type IntakeOutcome =
  | { readonly kind: 'received'; readonly changes: string; readonly uploadId: string; readonly event: UploadReceived }
  | { readonly kind: 'rejected'; readonly changes: string; readonly uploadId: string; readonly reasons: readonly string[] }
  /** The same bytes as an upload already in the log (re-sent, or left over by a crash): cleared, nothing recorded. */
  | { readonly kind: 'duplicate'; readonly changes: string; readonly uploadId: string }
  /** Another byte copy of an upload already taken in: rejected under the copy's own id (`uploadId`). */
  | { readonly kind: 'replay'; readonly changes: string; readonly uploadId: string; readonly originalUploadId: string; readonly reasons: readonly string[] }
  | { readonly kind: 'waiting'; readonly changes: string; readonly uploadId: string; readonly missing: readonly string[] }
  | { readonly kind: 'removed'; readonly name: string; readonly reason: string };

/** A refusal of the upload itself (as opposed to a failure of the daemon, which is retried). */
class UploadRefusal extends Error {
  constructor(
    readonly reasons: string[],
    readonly changes?: Changes,
  ) {
    super(reasons.join('; '));
  }
}

/** How long a change in the drop waits for more before the scan (a transfer writes many times). */
const SCAN_DELAY_MS = 50;

/** Attempts of one rejected upload that are taken in again; beyond, copies are cleared as duplicates. */
const MAX_RESUBMISSIONS = 50;

const metadata = (uploadId: string): EventMetadata => ({ actor: { kind: 'daemon' }, correlationId: uploadId, occurredAt: new Date().toISOString() });

/**
 * Turns files in a drop directory into upload events. When a `.changes` is there, it waits until
 * every file it lists is present (rejecting the upload, naming each missing file, when one is still
 * missing after the grace), parses it, checks every size and checksum, stores the .changes and its
 * files in the blob store, appends UploadReceived to `upload-<id>` (expected 'no-stream') and clears
 * the files. A broken upload gets UploadRejected with every reason instead, and is cleared too.
 *
 * The id comes from the .changes' signed content (uploadIdOf). When its stream exists, the same bytes
 * again (re-sent, or left over by a crash) are a duplicate: cleared, not processed again; a
 * byte-different copy of an upload taken in (re-encoded, re-signed) is a replay: rejected in the
 * stream of the copy's own id (copyIdOf), leaving the original's stream untouched. The signature is
 * not checked here (the packager does).
 *
 * Files without a .changes and abandoned partial files are removed after the stray timeout; symlinks and
 * other non-regular entries are never followed and are removed at once unless a .changes lists them
 * (then the upload is rejected). A failure of the event store or blob store leaves the files for the
 * next scan.
 */
export class UploadIntake {
  private readonly logger: Logger;
  private readonly dir: string;
  private watcher: FSWatcher | undefined;
  private interval: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private debounceDue = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(
    private readonly options: UploadIntakeOptions,
    private readonly eventStore: EventStore,
    private readonly blobStore: BlobStore,
  ) {
    this.dir = options.drop.dir;
    this.logger = new Logger(`UploadIntake(${options.drop.via})`);
  }

  /** Watches the drop and scans it now and then; the first scan picks up what a crash left behind. */
  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.running = true;
    // A .changes appears last, renamed into place whole (IncomingFileWriter): it is looked at at once; other changes wait a little, so that a transfer's many writes make one scan.
    this.watcher = watch(this.dir, (_event, name) => this.schedule(typeof name === 'string' && name.endsWith('.changes') ? 0 : SCAN_DELAY_MS));
    this.watcher.on('error', (error) => this.logger.warn(`watching ${this.dir} failed (${error.message}); the periodic scan goes on`));
    const interval = this.options.scanIntervalMs ?? Math.max(100, Math.min(5_000, this.options.missingFilesGraceMs / 2));
    this.interval = setInterval(() => this.schedule(), interval);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.watcher?.close();
    clearInterval(this.interval);
    clearTimeout(this.debounce);
    await this.queue;
  }

  /** One pass over the drop (scans never overlap). */
  scan(): Promise<IntakeOutcome[]> {
    const next = this.queue.then(() => this.scanOnce());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Scans after `delayMs`, or sooner when one is already due sooner (one scan per wait). */
  private schedule(delayMs = SCAN_DELAY_MS): void {
    if (!this.running) return;
    const due = Date.now() + delayMs;
    if (this.debounce && this.debounceDue <= due) return;
    clearTimeout(this.debounce);
    this.debounceDue = due;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.scan().catch((error: unknown) => this.logger.error(`scan of ${this.dir} failed: ${(error as Error).message}`));
    }, delayMs);
  }

  private async scanOnce(): Promise<IntakeOutcome[]> {
    const contents = await readDrop(this.dir);
    const outcomes: IntakeOutcome[] = [];
    /** Names a .changes accounts for (waiting for, or just taken in or rejected): not strays. */
    const claimed = new Set<string>();
    let failed = false;
    for (const entry of contents.entries.values()) {
      if (!entry.regular || !entry.name.endsWith('.changes')) continue;
      claimed.add(entry.name);
      try {
        const outcome = await this.intake(entry, contents);
        for (const file of outcome.listed) claimed.add(file);
        outcomes.push(outcome.result);
        this.report(outcome.result);
      } catch (error) {
        failed = true;
        this.logger.error(`${entry.name}: intake failed, will retry: ${(error as Error).message}`);
      }
    }
    if (!failed) outcomes.push(...(await this.removeStrays(contents, claimed)));
    return outcomes;
  }

  private async intake(entry: DropEntry, contents: DropContents): Promise<{ listed: string[]; result: IntakeOutcome }> {
    const changesFile = await hashIncomingFile(entry.path, { keep: true });
    const bytes = changesFile.bytes!;
    const uploadId = await this.uploadIdFor(bytes, changesFile.sha256);
    const streamId = uploadStream(uploadId);
    const done = (result: IntakeOutcome, listed: string[] = []) => ({ listed, result });

    let changes: Changes | undefined;
    let unparseable: UploadRefusal | undefined;
    try {
      changes = parseChanges(bytes, { what: entry.name });
    } catch (error) {
      if (!isDebianParseError(error)) throw error;
      unparseable = new UploadRefusal([`${entry.name}: ${error.message}`]);
    }
    const listed = changes?.files.map((file) => file.name as string) ?? [];
    const known = async (): Promise<{ listed: string[]; result: IntakeOutcome }> => {
      const result = await this.knownUpload(entry.name, uploadId, changesFile.sha256, changes);
      await this.clear(entry.name, listed, changesFile.sha256);
      return done(result, listed);
    };

    if ((await this.eventStore.readStream(streamId)).length > 0) return known();
    try {
      if (unparseable) throw unparseable;
      const checked = changes!;
      this.checkLimits(checked, changesFile.size);
      const missing = this.checkPresence(entry, checked, contents);
      if (missing.length > 0) return done({ kind: 'waiting', changes: entry.name, uploadId, missing }, listed);
      const digests = await this.verify(checked);
      const event = this.received(uploadId, entry.name, changesFile, checked, digests);
      await this.store(entry, changesFile, digests);
      if (!(await this.append(streamId, event))) return known();
      await this.clear(entry.name, listed, changesFile.sha256);
      return done({ kind: 'received', changes: entry.name, uploadId, event }, listed);
    } catch (error) {
      if (!(error instanceof UploadRefusal)) throw error;
      const refusal = error;
      if (!(await this.append(streamId, this.rejected(uploadId, refusal.reasons, changes)))) return known();
      await this.clear(entry.name, listed, changesFile.sha256);
      return done({ kind: 'rejected', changes: entry.name, uploadId, reasons: refusal.reasons }, listed);
    }
  }

  /**
   * The upload id of a .changes: its signed content's; for a resubmission of a rejected upload the
   * copy's own (its bytes', then `-2`, `-3`… for each further attempt with the same bytes).
   */
  private async uploadIdFor(bytes: Uint8Array, changesSha256: string): Promise<string> {
    let uploadId = uploadIdOf(bytes);
    for (let attempt = 1; attempt <= MAX_RESUBMISSIONS; attempt += 1) {
      const stream = await this.eventStore.readStream(uploadStream(uploadId));
      if (stream.length === 0 || classifyKnownUpload(uploadId, stream, changesSha256).kind !== 'resubmission') return uploadId;
      uploadId = attempt === 1 ? copyIdOf(changesSha256) : `${copyIdOf(changesSha256)}-${attempt}`;
    }
    return uploadId;
  }

  /** A .changes whose upload is in the log already (found first, or appended by another intake meanwhile). */
  private async knownUpload(name: string, uploadId: string, changesSha256: string, changes: Changes | undefined): Promise<IntakeOutcome> {
    const copy = classifyKnownUpload(uploadId, await this.eventStore.readStream(uploadStream(uploadId)), changesSha256);
    if (copy.kind !== 'replay') return { kind: 'duplicate', changes: name, uploadId };
    const copyId = copyIdOf(changesSha256);
    const reasons = [`replay: the signed content of ${name} was already uploaded as upload ${copy.originalUploadId}`];
    if (!(await this.append(uploadStream(copyId), this.rejected(copyId, reasons, changes)))) return { kind: 'duplicate', changes: name, uploadId: copyId };
    return { kind: 'replay', changes: name, uploadId: copyId, originalUploadId: copy.originalUploadId, reasons };
  }

  private checkLimits(changes: Changes, changesSize: number): void {
    const { maxFileBytes, maxUploadBytes } = this.options.limits;
    const reasons = changes.files
      .filter((file) => file.size > maxFileBytes)
      .map((file) => `${file.name} is listed with ${file.size} bytes, over the limit of ${maxFileBytes} bytes per file`);
    const total = changes.files.reduce((sum, file) => sum + file.size, changesSize);
    if (total > maxUploadBytes) reasons.push(`the upload has ${total} bytes, over the limit of ${maxUploadBytes} bytes per upload`);
    if (reasons.length > 0) throw new UploadRefusal(reasons, changes);
  }

  /** The listed files not there yet; refuses non-regular files and uploads that stopped arriving. */
  private checkPresence(entry: DropEntry, changes: Changes, contents: DropContents): string[] {
    const names = changes.files.map((file) => file.name as string);
    const irregular = names.filter((name) => contents.entries.get(name)?.regular === false);
    if (irregular.length > 0) {
      throw new UploadRefusal(irregular.map((name) => `${name} is not a regular file (a symlink, directory or device); incoming never follows links`), changes);
    }
    const missing = names.filter((name) => !contents.entries.has(name));
    if (missing.length === 0) return [];
    const activity = [
      entry.mtimeMs,
      ...names.flatMap((name) => contents.entries.get(name)?.mtimeMs ?? []),
      ...contents.partials.filter((partial) => names.includes(partial.target)).map((partial) => partial.mtimeMs),
    ];
    const grace = this.options.missingFilesGraceMs;
    if (Date.now() - Math.max(...activity) < grace) return missing;
    throw new UploadRefusal(
      missing.map((name) => `incomplete upload: ${name} (listed in ${entry.name}) did not arrive within ${grace / 1000} s`),
      changes,
    );
  }

  private async verify(changes: Changes): Promise<Map<string, FileDigests>> {
    const digests = new Map<string, FileDigests>();
    const problems = await checkFiles(changes, async (name) => {
      const measured = await hashIncomingFile(join(this.dir, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (measured) digests.set(name, measured);
      return measured;
    });
    if (problems.length > 0) throw new UploadRefusal(problems.map((problem) => problem.message), changes);
    return digests;
  }

  private received(uploadId: string, name: string, changesFile: FileDigests, changes: Changes, digests: Map<string, FileDigests>): UploadReceived {
    const built = uploadReceivedOf({ uploadId, changesName: name, changesFile, changes, digests, via: this.options.drop.via, metadata: metadata(uploadId) });
    if ('reasons' in built) throw new UploadRefusal(built.reasons, changes);
    return built.event;
  }

  private rejected(uploadId: string, reasons: string[], changes: Changes | undefined): UploadRejected {
    const about = changes && { source: changes.source, version: formatVersion(changes.version), distribution: changes.distributions.join(' ') };
    try {
      return UploadRejected.create({ uploadId, reasons, ...about }, metadata(uploadId));
    } catch (error) {
      if (!(error instanceof ZodError) || !about) throw error;
      return UploadRejected.create({ uploadId, reasons }, metadata(uploadId));
    }
  }

  /** Stores the verified files; a file swapped after verification is refused, not stored under a wrong name. */
  private async store(entry: DropEntry, changesFile: FileDigests, digests: Map<string, FileDigests>): Promise<void> {
    const files: Array<[string, FileDigests]> = [...digests, [entry.name, changesFile]];
    for (const [name, verified] of files) {
      const stored = await this.blobStore.putFile(join(this.dir, name));
      if (stored.sha256 !== verified.sha256) throw new UploadRefusal([`${name} changed while it was being stored`]);
    }
  }

  /** False when the stream exists already (another intake got there first): a duplicate. */
  private async append(streamId: string, event: UploadReceived | UploadRejected): Promise<boolean> {
    try {
      await this.eventStore.append(streamId, [event], 'no-stream');
      return true;
    } catch (error) {
      if (isWrongExpectedVersionError(error)) return false;
      throw error;
    }
  }

  /** Removes an upload's files, the .changes last (so that a crash half-way leaves a .changes that clears the rest). */
  /**
   * Removes a processed .changes and the files it lists, unless another copy has replaced the .changes
   * meanwhile (an uploader sending other bytes under the same name while this one was recorded): that
   * copy and its files stay for the next scan, never removed unseen.
   */
  private async clear(changesName: string, listed: readonly string[], changesSha256: string): Promise<void> {
    const now = await hashIncomingFile(join(this.dir, changesName)).catch(() => undefined);
    if (now !== undefined && now.sha256 !== changesSha256) return;
    for (const name of listed) await rm(join(this.dir, name), { recursive: true, force: true });
    await rm(join(this.dir, changesName), { force: true });
  }

  private async removeStrays(contents: DropContents, claimed: ReadonlySet<string>): Promise<IntakeOutcome[]> {
    const timeout = this.options.strayTimeoutMs;
    const now = Date.now();
    const removed: IntakeOutcome[] = [];
    const remove = async (entry: DropEntry, reason: string): Promise<void> => {
      await rm(entry.path, { recursive: true, force: true });
      const outcome = { kind: 'removed' as const, name: entry.name, reason };
      removed.push(outcome);
      this.report(outcome);
    };
    for (const entry of contents.entries.values()) {
      if (claimed.has(entry.name)) continue;
      if (!entry.regular) await remove(entry, 'not a regular file (incoming never follows links)');
      else if (now - entry.mtimeMs >= timeout) await remove(entry, `no .changes listed it within ${timeout / 1000} s`);
    }
    for (const partial of contents.partials) {
      if (now - partial.mtimeMs >= timeout) await remove(partial, `an unfinished transfer of ${partial.target}, abandoned for ${timeout / 1000} s`);
    }
    return removed;
  }

  private report(outcome: IntakeOutcome): void {
    switch (outcome.kind) {
      case 'received':
        return this.logger.log(`${outcome.changes}: received as upload ${outcome.uploadId}`);
      case 'rejected':
      case 'replay':
        return this.logger.warn(`${outcome.changes}: rejected (upload ${outcome.uploadId}): ${outcome.reasons.join('; ')}`);
      case 'duplicate':
        return this.logger.log(`${outcome.changes}: upload ${outcome.uploadId} was already taken in; this copy was removed`);
      case 'waiting':
        return this.logger.debug(`${outcome.changes}: waiting for ${outcome.missing.join(', ')}`);
      case 'removed':
        return this.logger.log(`removed ${outcome.name} from incoming: ${outcome.reason}`);
    }
  }
}
