import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MbdConfig } from '@mbd/config';
import { openEventStore } from './open-event-store.js';

// Each factory runs only when its library is imported: a record of which client libraries were loaded.
const loaded = vi.hoisted(() => ({ pg: false, kurrent: false }));
vi.mock('pg', async (importOriginal) => {
  loaded.pg = true;
  return importOriginal();
});
vi.mock('@kurrent/kurrentdb-client', async (importOriginal) => {
  loaded.kurrent = true;
  return importOriginal();
});

describe('the event store client libraries', () => {
  let dataDir: string | undefined;
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('are not loaded by a daemon on SQLite (start-up time and memory)', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mbd-lazy-clients-'));
    const store = await openEventStore({ eventStore: 'sqlite', dataDir } as MbdConfig);
    await store.close();
    expect(loaded).toEqual({ pg: false, kurrent: false });
  });

  it('are loaded when a store of theirs is opened', async () => {
    const refused = (config: Partial<MbdConfig>) => openEventStore({ dataDir: '/nonexistent', ...config } as MbdConfig).catch((error: unknown) => error);
    expect(await refused({ eventStore: 'postgres', postgresUrl: 'postgres://mbd@127.0.0.1:1/none' })).toBeInstanceOf(Error);
    expect(await refused({ eventStore: 'kurrentdb', eventStoreUrl: 'kurrentdb://127.0.0.1:1?tls=false' })).toBeInstanceOf(Error);
    expect(loaded).toEqual({ pg: true, kurrent: true });
  });
});
