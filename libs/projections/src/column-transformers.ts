import type { ValueTransformer } from 'typeorm';

/**
 * pg returns BIGINT columns as strings; global positions stay far below 2^53, so they are numbers here.
 * better-sqlite3 already returns numbers.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
