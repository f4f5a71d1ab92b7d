import { Columns, State, Time } from '../components/common.js';
import { formatAge } from '../components/format.js';
import { buildHref } from '../builds/build-facts.js';

/** A remote builder as RemoteBuilds.list() gives it. */
export interface RemoteBuilderRow {
  readonly name: string;
  readonly state: 'online' | 'offline';
  readonly architectures: readonly string[];
  readonly codenames: readonly string[];
  readonly slots: number;
  readonly running: readonly string[];
  readonly load: number;
  /** Epoch milliseconds of its last registration or heartbeat. */
  readonly lastSeen: number;
  readonly fingerprint: string;
  readonly approved: boolean;
}

const COLUMNS = ['Builder', 'State', 'Architectures', 'Codenames', 'Slots', 'Running', 'Load', 'Last seen', 'Key'] as const;

/** The remote builders (`mbd builder`) this daemon heard of since it started: state, what they offer, their builds, load, last contact, key. */
export function RemoteBuilders({ builders, now }: { readonly builders: readonly RemoteBuilderRow[]; readonly now: string }) {
  return (
    <section aria-labelledby="remote-builders">
      <h2 id="remote-builders">Remote builders</h2>
      {builders.length === 0 ? (
        <p>
          No remote builder has registered since the daemon started. Start one with <code>mbd builder --daemon &lt;url&gt; --token &lt;builder token&gt;</code>.
        </p>
      ) : (
        <figure>
          <table id="remote-builders-table" class="dense">
            <Columns names={COLUMNS} />
            <tbody>
              {builders.map((builder) => {
                const seen = new Date(builder.lastSeen).toISOString();
                return (
                  <tr data-builder={builder.name}>
                    <td class="mono">{builder.name}</td>
                    <td>
                      <State state={builder.state} />
                    </td>
                    <td>{builder.architectures.join(' ')}</td>
                    <td>{builder.codenames.join(' ')}</td>
                    <td>{builder.slots}</td>
                    <td>
                      {builder.running.length === 0
                        ? '–'
                        : builder.running.map((buildId, index) => (
                            <>
                              {index > 0 ? ', ' : ''}
                              <a href={buildHref(buildId)}>{buildId}</a>
                            </>
                          ))}
                    </td>
                    <td>{builder.load.toFixed(2)}</td>
                    <td>
                      {formatAge(seen, new Date(now))} (<Time at={seen} />)
                    </td>
                    <td class="mono">
                      {builder.fingerprint || '–'}
                      {builder.fingerprint && !builder.approved ? (
                        <>
                          {' '}
                          <span title={`an admin runs: mbd builder-approve ${builder.name} ${builder.fingerprint}`}>
                            <State state="not approved" />
                          </span>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </figure>
      )}
    </section>
  );
}
