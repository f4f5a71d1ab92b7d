/**
 * Sends `signal` to the process group led by `pid` (a tool started `detached`, so that it and
 * everything it started go together). Nothing happens when the group has already exited.
 */
export function killProcessGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group has already exited
  }
}
