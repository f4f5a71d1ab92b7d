import type { TokenInfo, UserAccount } from '../../users/accounts.service.js';
import { ActionForm, Columns, State, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';

export interface AccountPageData {
  /** Absent for the admin token's holder, who has no account. */
  readonly account?: UserAccount;
  readonly tokens: readonly TokenInfo[];
  /** A token just issued: shown this once. */
  readonly issued?: { readonly id: string; readonly token: string };
}

const limits = (token: TokenInfo) =>
  [token.role, token.readOnly ? 'read-only' : undefined, token.repositories ? `only ${token.repositories.join(', ')}` : undefined].filter(Boolean).join('; ');

/** A user's own page: their tokens (issue, revoke), their key (set_user_key), their subscriptions. */
export function renderAccountPage(context: PageContext, data: AccountPageData): string {
  const csrf = context.csrf ?? '';
  const { account } = data;
  return renderDocument(
    <Layout context={context} title={account ? `Account ${account.name}` : 'Account'}>
      {account ? (
        <p>
          {account.name} ({account.role}, <State state={account.state} />){account.email ? ` <${account.email}>` : ''}. Subscriptions: <code>mbd subscriptions</code>.
        </p>
      ) : (
        <p>You signed in with the admin token, which has no account: create users on the Users page.</p>
      )}
      {data.issued ? (
        <p role="alert">
          Your new token (shown only now; keep it like a password): <code>{data.issued.token}</code>
        </p>
      ) : null}
      {account ? (
        <>
          <h2>Tokens</h2>
          <table>
            <Columns names={['Name', 'Id', 'Limits', 'Issued', 'Expires', '']} />
            <tbody>
              {data.tokens.map((token) => (
                <tr>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.id}</code>
                  </td>
                  <td>{limits(token)}</td>
                  <td>
                    <Time at={token.issuedAt} />
                  </td>
                  <td>{token.expires ? <Time at={token.expires} /> : 'never'}</td>
                  <td>
                    <ActionForm action={`/account/tokens/${token.id}/revoke`} csrf={csrf} confirm={`Revoke the token ${token.name}? It stops working at once.`} label="Revoke" danger />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action="/account/tokens">
            <input type="hidden" name="_csrf" value={csrf} />
            <label>
              New token's name <input type="text" name="name" required maxLength={100} placeholder="laptop" />
            </label>
            <label>
              <input type="checkbox" name="readOnly" value="on" /> read-only
            </label>
            <button type="submit">Issue a token</button>
          </form>
          <h2>OpenPGP key</h2>
          {account.keys.length > 0 ? (
            <ul>
              {account.keys.map((key) => (
                <li>
                  <code>{key.fingerprint}</code> <State state={key.state} />
                  {key.repositories.length > 0 ? ` — may upload to ${key.repositories.join(', ')}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>No key yet.</p>
          )}
          <form method="post" action="/account/key">
            <input type="hidden" name="_csrf" value={csrf} />
            <label>
              Your public key (ASCII-armored, <code>gpg --armor --export</code>)
              <textarea name="key" rows={6} required minLength={100} maxLength={100000}></textarea>
            </label>
            <button type="submit">Submit the key (set_user_key)</button>
          </form>
        </>
      ) : null}
    </Layout>,
  );
}
