import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The throwaway cluster's URL, or undefined (with the reason in skipReason) when none runs. */
export const postgresUrl = (): string | undefined => process.env.MBD_TEST_POSTGRES_URL;
export const postgresSkipReason = (): string => process.env.MBD_TEST_POSTGRES_SKIP ?? 'MBD_TEST_POSTGRES_URL is not set';

/** Creates a fresh database on the test cluster and returns its URL. */
export async function createTestDatabase(prefix = 'mbd'): Promise<string> {
  const url = postgresUrl();
  if (!url) throw new Error(postgresSkipReason());
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}
