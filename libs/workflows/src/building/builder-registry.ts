/** A remote builder as this daemon last heard of it (in memory: heartbeats and load are not events). */
export interface BuilderPresence {
  readonly name: string;
  readonly architectures: readonly string[];
  readonly codenames: readonly string[];
  readonly slots: number;
  readonly fingerprint: string;
  readonly load: number;
  /** Epoch milliseconds of its last registration or heartbeat. */
  readonly lastSeen: number;
}

/** A builder's presence with its state now: online while it heartbeats within the timeout. */
export interface BuilderStatus extends BuilderPresence {
  readonly state: 'online' | 'offline';
}

/** The clock of the builder registry (epoch milliseconds); tests provide their own under this token. */
export const BUILDER_CLOCK = Symbol('builder clock');

/**
 * The remote builders this daemon heard of since it started, with their offer, load and last contact.
 * A builder silent for `timeoutMs` is offline; `silent()` answers every silent builder on every call
 * (so that a re-queue that failed is tried again on the next sweep), each marked `newly` once, when it
 * went silent. `expect()` starts the clock for a builder that had builds running before this daemon
 * started: it has the timeout to come back.
 */
export class BuilderRegistry {
  private readonly builders = new Map<string, BuilderPresence>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  register(presence: Omit<BuilderPresence, 'lastSeen'>): void {
    this.builders.set(presence.name, { ...presence, lastSeen: this.now() });
    this.reported.delete(presence.name);
  }

  /** False when the builder never registered with this daemon (it must register first). */
  heartbeat(name: string, load: number): boolean {
    const known = this.builders.get(name);
    if (!known || known.slots === 0) return false;
    this.builders.set(name, { ...known, load, lastSeen: this.now() });
    this.reported.delete(name);
    return true;
  }

  /** A builder that had builds running when this daemon started: offline until it registers, re-queued after the timeout. */
  expect(name: string): void {
    if (this.builders.has(name)) return;
    this.builders.set(name, { name, architectures: [], codenames: [], slots: 0, fingerprint: '', load: 0, lastSeen: this.now() });
  }

  get(name: string): BuilderStatus | undefined {
    const presence = this.builders.get(name);
    return presence && { ...presence, state: this.isOnline(presence) ? 'online' : 'offline' };
  }

  list(): BuilderStatus[] {
    return [...this.builders.keys()].sort().map((name) => this.get(name)!);
  }

  online(): BuilderPresence[] {
    return [...this.builders.values()].filter((presence) => this.isOnline(presence));
  }

  /** Every builder not heard from within the timeout; `newly` the first time it is answered since it went silent. */
  silent(): { readonly name: string; readonly newly: boolean }[] {
    const gone = [...this.builders.values()].filter((presence) => !this.heardWithin(presence)).map((presence) => ({ name: presence.name, newly: !this.reported.has(presence.name) }));
    for (const { name } of gone) this.reported.add(name);
    return gone;
  }

  private heardWithin(presence: BuilderPresence): boolean {
    return this.now() - presence.lastSeen < this.timeoutMs;
  }

  /** Registered (an expected builder has no slots yet) and heard from within the timeout. */
  private isOnline(presence: BuilderPresence): boolean {
    return presence.slots > 0 && this.heardWithin(presence);
  }
}
