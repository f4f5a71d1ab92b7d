import { setTimeout as sleep } from 'node:timers/promises';
import { ToolFailedError } from '../errors.js';
import { runTool } from '../run-tool.js';

/**
 * The open schroot sessions of a chroot. sbuild names its sessions `<chroot>-<uuid>`, so a session
 * belongs to chroot `name` when its id is `name-` followed by a UUID.
 */
export async function listSchrootSessions(chrootName: string): Promise<string[]> {
  const { stdout } = await runTool('schroot', ['--list', '--all-sessions', '--quiet']);
  const own = new RegExp(`^${chrootName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);
  return stdout
    .split('\n')
    .map((line) => line.trim().replace(/^session:/, ''))
    .filter((id) => own.test(id));
}

/**
 * Ends a schroot session left behind by a stopped or broken sbuild (gotcha G4). Unmounting can fail
 * while the session's last processes exit, so it is retried a few times, as mini-buildd does.
 */
export async function endSchrootSession(sessionId: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await runTool('schroot', ['--end-session', '--chroot', `session:${sessionId}`]);
      return;
    } catch (error) {
      if (error instanceof ToolFailedError && /not found|does not exist/i.test(error.output)) return;
      if (attempt >= attempts) throw error;
      await sleep(1000 * attempt);
    }
  }
}
