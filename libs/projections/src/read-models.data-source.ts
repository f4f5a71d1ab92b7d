import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configEnvironment, type MbdConfig } from '@mbd/config';
import { DataSource } from 'typeorm';
import { readModelMigrations } from '../../../migrations/read-models/read-models.migrations.js';
import { ReadModelsUnavailableError } from './errors.js';
import { readModelEntities } from './read-models.entities.js';

export type ReadModelsConfig = Pick<MbdConfig, 'dataDir' | 'readModels' | 'postgresUrl'>;

/** The SQLite file of the read models in the data directory. */
export const readModelsFile = (dataDir: string): string => join(dataDir, 'read-models.sqlite');

/** A URL without its password, for messages. */
const withoutPassword = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
};

/**
 * The read models' TypeORM DataSource: `<dataDir>/read-models.sqlite` (better-sqlite3, WAL) by default,
 * PostgreSQL at MBD_POSTGRES_URL when MBD_READ_MODELS=postgres. The schema comes from the migrations,
 * which run when it is initialized; it is never synchronized from the entities.
 */
export function createReadModelsDataSource(config: ReadModelsConfig): DataSource {
  const common = { entities: readModelEntities, migrations: readModelMigrations, migrationsRun: true, synchronize: false } as const;
  if (config.readModels === 'postgres') {
    if (!config.postgresUrl)
      throw new ReadModelsUnavailableError(
        `${configEnvironment.readModels}=postgres needs ${configEnvironment.postgresUrl} (the PostgreSQL URL of the read models)`,
      );
    return new DataSource({ type: 'postgres', url: config.postgresUrl, ...common });
  }
  return new DataSource({ type: 'better-sqlite3', database: readModelsFile(config.dataDir), enableWAL: true, ...common });
}

/** Creates, connects and migrates the read models; a failure names the file or setting at fault. */
export async function openReadModels(config: ReadModelsConfig): Promise<DataSource> {
  const where =
    config.readModels === 'postgres'
      ? `PostgreSQL at ${configEnvironment.postgresUrl}=${withoutPassword(config.postgresUrl ?? '')}`
      : readModelsFile(config.dataDir);
  const dataSource = createReadModelsDataSource(config);
  try {
    if (config.readModels === 'sqlite') mkdirSync(config.dataDir, { recursive: true });
    await dataSource.initialize();
    return dataSource;
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ReadModelsUnavailableError(`cannot open the read models (${where}): ${reason}`, { cause: error });
  }
}
