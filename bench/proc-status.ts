import { readFileSync } from 'node:fs';

/**
 * A memory figure of /proc/<pid>/status (VmRSS: resident now, VmHWM: the peak so far) in MB (10^6
 * bytes, as issue 15 and mini-buildd's figures give them; the kernel's "kB" are KiB).
 */
export function residentMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  if (!line) throw new Error(`no ${field} in /proc/${pid}/status`);
  return (Number(line[1]) * 1024) / 1e6;
}
