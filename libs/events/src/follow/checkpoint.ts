import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where a follower keeps the global position of the last event it has handled. */
export interface Checkpoint {
  /** The stored position; 0 when none was stored yet. Throws CorruptCheckpointError for unreadable content. */
  read(): Promise<number>;
  write(position: number): Promise<void>;
}

/** A checkpoint file holds something that is not a position: start-up stops instead of replaying from 0. */
export class CorruptCheckpointError extends Error {
  constructor(
    readonly path: string,
    content: string,
  ) {
    super(
      `the checkpoint ${path} holds ${JSON.stringify(content.slice(0, 80))}, not a log position; ` +
        'restore it, or remove it to handle the whole log again (followers are idempotent)',
    );
    this.name = 'CorruptCheckpointError';
  }
}

const positionInJson = (text: string): unknown => {
  try {
    return (JSON.parse(text) as { position?: unknown }).position;
  } catch {
    return undefined;
  }
};

/**
 * A checkpoint in a file: a decimal position and a newline (a JSON `{"position":n}` from earlier
 * versions is read too). Written durably: temp file, fsync, rename, fsync of the directory.
 */
export class FileCheckpoint implements Checkpoint {
  constructor(readonly path: string) {}

  async read(): Promise<number> {
    let text: string;
    try {
      text = (await readFile(this.path, 'utf8')).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const json = /^\{.*\}$/s.test(text) ? positionInJson(text) : undefined;
    const position = /^\d+$/.test(text) ? Number(text) : typeof json === 'number' ? json : NaN;
    if (!Number.isSafeInteger(position) || position < 0) throw new CorruptCheckpointError(this.path, text);
    return position;
  }

  async write(position: number): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const temp = `${this.path}.${randomUUID()}.tmp`;
    const file = await open(temp, 'w', 0o644);
    try {
      await file.writeFile(`${position}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path);
    const directory = await open(dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}

/** A checkpoint that lives only as long as the process: for followers that start at the head each time. */
export class MemoryCheckpoint implements Checkpoint {
  constructor(private position = 0) {}

  read(): Promise<number> {
    return Promise.resolve(this.position);
  }

  write(position: number): Promise<void> {
    this.position = position;
    return Promise.resolve();
  }
}
