import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createTestDatabase, postgresSkipReason, postgresUrl } from '../../../../test/support/postgres.js';
import { openReadModels, type ReadModelsConfig } from '../read-models.data-source.js';

export interface TestReadModels {
  readonly dataSource: DataSource;
  readonly config: ReadModelsConfig;
  /** Opens the same database again (as a restarted daemon would). */
  reopen(): Promise<DataSource>;
  dispose(): Promise<void>;
}

/** The kinds of read-model database the int specs run against; PostgreSQL when the test cluster runs. */
export const readModelKinds = [
  { kind: 'sqlite' as const, skip: false, reason: '' },
  { kind: 'postgres' as const, skip: postgresUrl() === undefined, reason: postgresSkipReason() },
];

/** Fresh, migrated read models: a temp-dir SQLite file or a new database on the test PostgreSQL cluster. */
export async function openTestReadModels(kind: 'sqlite' | 'postgres'): Promise<TestReadModels> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-read-models-'));
  const config: ReadModelsConfig =
    kind === 'postgres'
      ? { dataDir, readModels: 'postgres', postgresUrl: await createTestDatabase('mbd_rm') }
      : { dataDir, readModels: 'sqlite' };
  const opened: DataSource[] = [await openReadModels(config)];
  return {
    dataSource: opened[0]!,
    config,
    async reopen() {
      const dataSource = await openReadModels(config);
      opened.push(dataSource);
      return dataSource;
    },
    async dispose() {
      for (const dataSource of opened) if (dataSource.isInitialized) await dataSource.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
