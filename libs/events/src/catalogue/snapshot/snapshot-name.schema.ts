import { z } from 'zod';

/**
 * A snapshot name: one safe URL path segment (`dists/<distribution>/snapshots/<name>/`), up to 64
 * characters, starting with a letter or digit (so never `.` or `..`). mini-buildd's automatic names
 * (`WEEKLY_2026-11-30T12:00`) fit.
 */
export const snapshotNamePattern = /^[A-Za-z0-9][A-Za-z0-9._:+~-]{0,63}$/;

export const snapshotNameSchema = z
  .string()
  .regex(snapshotNamePattern, 'a snapshot name is 1 to 64 letters, digits, ".", "_", ":", "+", "~" or "-", starting with a letter or digit');
