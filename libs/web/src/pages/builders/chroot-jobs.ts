/** What a chroot form asked for. */
export type ChrootAction = 'create' | 'update';

/** A chroot being made or remade from a page (it takes minutes), and how it ended. */
export interface ChrootJob {
  readonly codename: string;
  readonly architecture: string;
  readonly action: ChrootAction;
  /** The viewer who asked. */
  readonly by: string;
  readonly startedAt: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly finishedAt?: string;
  /** Why it failed, in the service's words. */
  readonly error?: string;
  /** How long mmdebstrap and the rest took. */
  readonly seconds?: number;
  /** The position of the event that recorded it (ChrootCreated, ChrootUpdated). */
  readonly position?: number;
}

export interface ChrootJobOutcome {
  readonly seconds: number;
  readonly position?: number;
}

const keyOf = (codename: string, architecture: string) => `${codename}-${architecture}`;

/**
 * The chroot work started from the pages of this daemon: one entry per chroot (the latest), kept in
 * memory so the builders page can show a job in progress and how it ended. At most `capacity` entries;
 * the oldest finished ones go first.
 */
export class ChrootJobs {
  private readonly jobs = new Map<string, ChrootJob>();

  constructor(
    private readonly capacity = 50,
    private readonly now: () => Date = () => new Date(),
  ) {}

  isRunning(codename: string, architecture: string): boolean {
    return this.jobs.get(keyOf(codename, architecture))?.state === 'running';
  }

  /** Starts `work` and returns at once; the promise settles when the work ended (never rejects). */
  start(codename: string, architecture: string, action: ChrootAction, by: string, work: () => Promise<ChrootJobOutcome>): Promise<ChrootJob> {
    const key = keyOf(codename, architecture);
    const job: ChrootJob = { codename, architecture, action, by, startedAt: this.now().toISOString(), state: 'running' };
    this.jobs.delete(key);
    this.jobs.set(key, job);
    this.trim();
    const finish = (ended: ChrootJob): ChrootJob => {
      if (this.jobs.get(key) === job) this.jobs.set(key, ended);
      return ended;
    };
    return Promise.resolve()
      .then(work)
      .then(
        (outcome) => finish({ ...job, state: 'done', finishedAt: this.now().toISOString(), ...outcome }),
        (error: unknown) => finish({ ...job, state: 'failed', finishedAt: this.now().toISOString(), error: error instanceof Error ? error.message : String(error) }),
      );
  }

  /** Newest first. */
  list(): ChrootJob[] {
    return [...this.jobs.values()].reverse();
  }

  private trim(): void {
    for (const [key, job] of this.jobs) {
      if (this.jobs.size <= this.capacity) return;
      if (job.state !== 'running') this.jobs.delete(key);
    }
  }
}
