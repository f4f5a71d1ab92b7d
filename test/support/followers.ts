/**
 * "Every follower of the log has caught up and none has parked anything", read from GET /api/status
 * without depending on its exact shape: every object in the status that carries a log position
 * (`position`, `checkpoint`) is a follower; it must be at the head of the log, show no lag (`lag`,
 * `behind`), no state that means it is stuck, and nothing `parked`.
 */
import type { RunningDaemon } from './daemon.js';

export interface FollowerProblem {
  readonly path: string;
  readonly problem: string;
}

/** Parts of the status that are not log followers (at the top; `running` builds anywhere). */
const NOT_FOLLOWERS = new Set(['eventStore', 'incoming', 'version', 'startedAt', 'uptimeSeconds']);
const STUCK = /park|retry|fail|error|stop|stuck|behind|lag|crash|halt/i;

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === 0 || value === false || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && Object.keys(value).length === 0);

/** What is wrong with the followers in a status body (empty: all caught up, none parked). */
export function followerProblems(status: Record<string, unknown>, head: number, options: { allowParked?: boolean } = {}): FollowerProblem[] {
  const problems: FollowerProblem[] = [];
  let followers = 0;
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(object)) {
      if (/parked/i.test(key) && !options.allowParked && !isEmpty(value)) problems.push({ path: `${path}.${key}`, problem: `parked: ${JSON.stringify(value)}` });
    }
    const position = [object.position, object.checkpoint].find((value) => typeof value === 'number');
    if (typeof position === 'number') {
      followers += 1;
      if (position < head) problems.push({ path, problem: `at ${position}, head is ${head}` });
      for (const key of ['lag', 'behind']) {
        if (typeof object[key] === 'number' && (object[key] as number) > 0) problems.push({ path, problem: `${key} ${String(object[key])}` });
      }
      if (typeof object.state === 'string' && STUCK.test(object.state)) problems.push({ path, problem: `state ${object.state}` });
      if (typeof object.failingSince === 'string') problems.push({ path, problem: `failing since ${object.failingSince}: ${String(object.lastError)}` });
    }
    for (const [key, value] of Object.entries(object)) {
      if (/parked/i.test(key)) continue;
      if ((path === '' && NOT_FOLLOWERS.has(key)) || key === 'running') continue;
      visit(value, `${path}.${key}`);
    }
  };
  visit(status, '');
  if (followers === 0) problems.push({ path: '', problem: 'no follower with a position in /api/status' });
  return problems;
}

/** The log head /api/status reports. */
const headOf = (status: Record<string, unknown>): number => {
  const store = status.eventStore as { head?: unknown; position?: unknown } | undefined;
  const head = store?.head ?? store?.position ?? status.head;
  if (typeof head !== 'number') throw new Error(`no log head in /api/status: ${JSON.stringify(status)}`);
  return head;
};

/**
 * Waits until every follower is at the head of the log and (unless `allowParked`) none has parked
 * anything; throws with the problems and the whole status when that does not happen in time.
 */
export async function followersCaughtUp(daemon: RunningDaemon, options: { timeoutMs?: number; allowParked?: boolean } = {}): Promise<Record<string, unknown>> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const { status: code, body } = await daemon.api<Record<string, unknown>>('GET', '/api/status', undefined, false);
    if (code === 200) {
      const problems = followerProblems(body, headOf(body), options);
      if (problems.length === 0) return body;
      if (Date.now() > deadline) {
        throw new Error(`followers not caught up or parked:\n${problems.map((p) => `  ${p.path || '/'}: ${p.problem}`).join('\n')}\nstatus: ${JSON.stringify(body, null, 1)}`);
      }
    } else if (Date.now() > deadline) throw new Error(`GET /api/status answered ${code}: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
