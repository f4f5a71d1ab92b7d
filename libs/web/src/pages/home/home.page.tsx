import type { AuditLogItem, BuildQueueItem, UploadItem } from '@mbd/projections';
import { ChainBadge } from '../audit/chain-badge.js';
import type { ChainStatus } from '../audit/chain-verifier.service.js';
import { RecentEvents } from '../audit/recent-events.js';
import { buildHref } from '../builds/build-facts.js';
import { RecentUploads } from '../uploads/uploads.page.js';
import { Columns, State, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';

export interface HomeFollower {
  readonly name: string;
  readonly state: string;
  readonly lag: number;
  readonly parked: number;
  readonly lastError?: string;
}

export interface HomeData {
  readonly builder: { readonly name: string; readonly slots: number; readonly running: number };
  /** Running and waiting builds, in the order they will be served. */
  readonly queue: readonly BuildQueueItem[];
  readonly followers: readonly HomeFollower[];
  readonly head: number;
  readonly archiveKeyFingerprint: string;
  /** The latest uploads, newest first. */
  readonly uploads: readonly UploadItem[];
  /** The latest events, newest first (the live tail goes on from the first). */
  readonly events: readonly AuditLogItem[];
  readonly chain: ChainStatus;
}

/** The daemon at a glance: builders and the queue, the followers of the log, the archive key, links to everything. */
export function HomePage({ context, data }: { readonly context: PageContext; readonly data: HomeData }) {
  const behind = data.followers.filter((follower) => follower.lag > 0 || follower.parked > 0 || follower.lastError);
  return (
    <Layout context={context} title="mbd">
      <section aria-labelledby="builders">
        <h2 id="builders">Builders</h2>
        <p>
          <a href="/builders">{data.builder.name}</a>: {data.builder.running} of {data.builder.slots} slot(s) busy.
        </p>
        <h3>Build queue</h3>
        {data.queue.length === 0 ? (
          <p>No build is running or waiting.</p>
        ) : (
          <table class="dense">
            <Columns names={['Package', 'Distribution', 'Architecture', 'State', 'Requested']} />
            <tbody>
              {data.queue.map((build) => (
                <tr>
                  <td>
                    <a href={buildHref(build.buildId)}>
                      {build.source} {build.version}
                    </a>
                  </td>
                  <td>{build.distribution}</td>
                  <td>{build.architecture}</td>
                  <td>
                    <State state={build.state} />
                    {build.queuePosition !== null ? ` #${build.queuePosition}` : ''}
                  </td>
                  <td>
                    <Time at={build.requestedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <RecentUploads uploads={data.uploads} />
      <RecentEvents items={data.events} after={data.events[0]?.position ?? 0} />
      <section aria-labelledby="log">
        <h2 id="log">The log</h2>
        <p>
          {data.head} event(s). <a href="/audit">Audit log</a> ·{' '}
          {behind.length === 0 ? (
            'every follower is caught up.'
          ) : (
            <span>
              {behind.map((follower) => (
                <span>
                  {follower.name}: <State state={follower.state} /> {follower.lag} behind, {follower.parked} parked
                  {follower.lastError ? ` (${follower.lastError})` : ''}.{' '}
                </span>
              ))}
            </span>
          )}
        </p>
        <ChainBadge status={data.chain} />
        <p>
          Archive key: <code class="hash">{data.archiveKeyFingerprint}</code>
        </p>
      </section>
    </Layout>
  );
}

export const renderHomePage = (context: PageContext, data: HomeData): string => renderDocument(<HomePage context={context} data={data} />);
