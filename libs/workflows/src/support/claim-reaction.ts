import { ReactionClaimed, handleCommand, reactionClaimStream, type Decider, type EventStore, type RecordedEvent } from '@mbd/events';

type Claim = { readonly type: 'ClaimReaction'; readonly claim: ReactionClaimed };

/** Who holds the claim (undefined: nobody yet); a claim once stored is never taken over. */
const claimDecider: Decider<string | undefined, Claim, ReactionClaimed> = {
  initialState: () => undefined,
  evolve: (claimedBy, event) => claimedBy ?? event.data.claimedBy,
  decide: (command, claimedBy) => (claimedBy === undefined ? [command.claim] : []),
};

/**
 * Claims, for daemon `daemon`, what follower `follower` does outside the log about `event` (an own
 * upload, a migration): appends ReactionClaimed to `claim-<follower>-<position>` through the one
 * command handler, so the store's expected-version check lets only one of several daemons sharing it
 * store its claim. True when the claim is this daemon's: just stored, or stored by an earlier run of
 * it that stopped before finishing (the work is done again, as after any crash). False: another
 * daemon acts, and this one leaves the event alone.
 */
export async function claimReaction(store: EventStore, follower: string, event: RecordedEvent, daemon: string): Promise<boolean> {
  const claim = ReactionClaimed.create(
    { follower, position: event.position, eventType: event.type, claimedBy: daemon },
    { actor: { kind: 'daemon' }, correlationId: event.metadata.correlationId, causationId: event.id, occurredAt: new Date().toISOString() },
  );
  const { state } = await handleCommand(store, reactionClaimStream(follower, event.position), claimDecider, { type: 'ClaimReaction', claim });
  return state === daemon;
}
