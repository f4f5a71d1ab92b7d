import { assertNever, eventMetadata, type Command } from '@mbd/archive';
import { BuildResultRefused, BuilderKeyApproved, BuilderRegistered, type BuilderEvent, type DataOf, type Decider } from '@mbd/events';
import { RemoteBuildError } from './remote-build.error.js';

/** A remote builder's stream folded: what it last registered, and the keys an admin approved. */
export interface BuilderAccount {
  readonly registered?: DataOf<typeof BuilderRegistered>;
  readonly approved: ReadonlySet<string>;
}

export type RegisterBuilder = Command<'RegisterBuilder', DataOf<typeof BuilderRegistered>>;
export type ApproveBuilderKey = Command<'ApproveBuilderKey', DataOf<typeof BuilderKeyApproved>>;
export type RefuseBuildResult = Command<'RefuseBuildResult', DataOf<typeof BuildResultRefused>>;
export type BuilderCommand = RegisterBuilder | ApproveBuilderKey | RefuseBuildResult;

const sameOffer = (a: DataOf<typeof BuilderRegistered>, b: DataOf<typeof BuilderRegistered>): boolean =>
  a.daemon === b.daemon &&
  a.fingerprint === b.fingerprint && a.slots === b.slots && [...a.architectures].sort().join() === [...b.architectures].sort().join() && [...a.codenames].sort().join() === [...b.codenames].sort().join();

/** True when the key the builder registered last is approved: it may claim builds, and its results are taken. */
export const keyApproved = (account: BuilderAccount): boolean => account.registered !== undefined && account.approved.has(account.registered.fingerprint);

/**
 * A remote builder's stream (`builder-<name>`): a registration is recorded only when what it offers
 * or its key changed (not per heartbeat); an admin approves the key it registered; refused results are
 * recorded there.
 */
export const builderDecider: Decider<BuilderAccount, BuilderCommand, BuilderEvent> = {
  initialState: () => ({ approved: new Set() }),
  evolve: (state, event) => {
    if (BuilderRegistered.is(event)) return { ...state, registered: event.data };
    if (BuilderKeyApproved.is(event)) return { ...state, approved: new Set([...state.approved, event.data.fingerprint]) };
    return state;
  },
  decide: (command, state) => {
    const metadata = eventMetadata(command.metadata);
    switch (command.type) {
      case 'RegisterBuilder':
        return state.registered && sameOffer(state.registered, command.data) ? [] : [BuilderRegistered.create(command.data, metadata)];
      case 'ApproveBuilderKey': {
        const { name, fingerprint } = command.data;
        if (!state.registered) throw new RemoteBuildError(404, `no builder ${name} has registered`);
        if (state.registered.fingerprint !== fingerprint)
          throw new RemoteBuildError(409, `builder ${name} registered the key ${state.registered.fingerprint}, not ${fingerprint}; approve the key it registered`);
        return state.approved.has(fingerprint) ? [] : [BuilderKeyApproved.create(command.data, metadata)];
      }
      case 'RefuseBuildResult':
        return [BuildResultRefused.create(command.data, metadata)];
      default:
        return assertNever(command, 'builder command');
    }
  },
};
