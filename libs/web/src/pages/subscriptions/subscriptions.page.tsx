import type { Delivery, Webhook } from '@mbd/workflows';
import { ActionForm, Columns, State, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';

export interface SubscriptionRow {
  readonly user: string;
  readonly source: string;
  readonly distribution: string;
  readonly address: string;
}

export interface SubscriptionsData {
  /** The viewer's subscriptions (an admin's view: everyone's). */
  readonly subscriptions: readonly SubscriptionRow[];
  /** Where the viewer's mail goes (absent: the account has no address). */
  readonly address?: string;
  /** What the form offers: the distributions of every repository. */
  readonly distributions: readonly string[];
  /** For an admin: the webhooks and the latest deliveries, newest first. */
  readonly webhooks?: readonly Webhook[];
  readonly deliveries?: readonly Delivery[];
}

function Subscriptions({ context, data }: { readonly context: PageContext; readonly data: SubscriptionsData }) {
  const csrf = context.csrf ?? '';
  const admin = context.viewer?.role === 'admin';
  return (
    <section aria-labelledby="subscriptions">
      <h2 id="subscriptions">{admin ? 'Subscriptions' : 'Your subscriptions'}</h2>
      {data.subscriptions.length === 0 ? (
        <p>No subscriptions.</p>
      ) : (
        <table>
          <Columns names={[...(admin ? ['User'] : []), 'Source', 'Distribution', 'Mail to', '']} />
          <tbody>
            {data.subscriptions.map((subscription) => (
              <tr>
                {admin ? <td>{subscription.user}</td> : null}
                <td>{subscription.source}</td>
                <td>{subscription.distribution}</td>
                <td>{subscription.address}</td>
                <td>
                  {subscription.user === context.viewer?.name ? (
                    <ActionForm action="/subscriptions/unsubscribe" csrf={csrf} confirm={`Stop the mail about ${subscription.source} in ${subscription.distribution}?`} label="Unsubscribe" danger fields={{ source: subscription.source, distribution: subscription.distribution }} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.address === undefined ? (
        <p>Your account has no e-mail address: an admin sets one before you can subscribe.</p>
      ) : (
        <form method="post" action="/subscriptions/subscribe">
          <input type="hidden" name="_csrf" value={csrf} />
          <fieldset role="group">
            <input name="source" aria-label="Source package (* for every one)" placeholder="source package, or *" value="*" required />
            <select name="distribution" aria-label="Distribution">
              <option value="*">every distribution</option>
              {data.distributions.map((distribution) => (
                <option value={distribution}>{distribution}</option>
              ))}
            </select>
            <button type="submit">Subscribe</button>
          </fieldset>
          <small>
            Mail to {data.address} when the source is rejected, fails to build, or is installed, migrated or removed in the distribution.
          </small>
        </form>
      )}
    </section>
  );
}

function Deliveries({ webhooks, deliveries }: { readonly webhooks: readonly Webhook[]; readonly deliveries: readonly Delivery[] }) {
  return (
    <>
      <section aria-labelledby="webhooks">
        <h2 id="webhooks">Webhooks</h2>
        {webhooks.length === 0 ? (
          <p>
            No webhooks (<code>mbd webhook-add &lt;url&gt;</code>).
          </p>
        ) : (
          <ul>
            {webhooks.map((webhook) => (
              <li>
                <code>{webhook.url}</code>: {webhook.events?.join(', ') ?? 'every notified event'}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="deliveries">
        <h2 id="deliveries">Latest deliveries</h2>
        {deliveries.length === 0 ? (
          <p>Nothing sent yet.</p>
        ) : (
          <table>
            <Columns names={['When', 'Outcome', 'Channel', 'To', 'About', 'Attempts', 'Error']} />
            <tbody>
              {deliveries.map((delivery) => (
                <tr>
                  <td>
                    <Time at={delivery.at} />
                  </td>
                  <td>
                    <State state={delivery.outcome} />
                  </td>
                  <td>{delivery.channel}</td>
                  <td>{delivery.target}</td>
                  <td>
                    <a href={`/audit/${delivery.position}`}>
                      {delivery.eventType} at {delivery.position}
                    </a>
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>{delivery.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** `/subscriptions`: the viewer's subscriptions with subscribe and unsubscribe forms; an admin's view adds the webhooks and the latest deliveries. */
export function renderSubscriptionsPage(context: PageContext, data: SubscriptionsData): string {
  return renderDocument(
    <Layout context={context} title="Subscriptions">
      <h1>Subscriptions</h1>
      {context.viewer ? (
        <Subscriptions context={context} data={data} />
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(context.path)}`}>Sign in</a> to subscribe to a source package or a distribution.
        </p>
      )}
      {data.webhooks && data.deliveries ? <Deliveries webhooks={data.webhooks} deliveries={data.deliveries} /> : null}
    </Layout>,
  );
}
