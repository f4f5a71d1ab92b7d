import type { UserAccount } from '../../users/accounts.service.js';
import { ActionForm, Columns, State } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';

const ROLES = ['maintainer', 'staff', 'admin', 'builder'] as const;

export interface UsersPageData {
  readonly users: readonly UserAccount[];
  /** Repository ids a key may be approved for. */
  readonly repositories: readonly string[];
}

function UserRow({ user, csrf }: { readonly user: UserAccount; readonly csrf: string }) {
  const base = `/users/${encodeURIComponent(user.name)}`;
  return (
    <tr>
      <td>{user.name}</td>
      <td>{user.email ?? ''}</td>
      <td>{user.role}</td>
      <td>
        <State state={user.state} />
      </td>
      <td>
        {user.state !== 'active' ? <ActionForm action={`${base}/approve`} csrf={csrf} confirm={`Approve ${user.name}?`} label={user.state === 'pending' ? 'Approve' : 'Enable'} /> : null}
        {user.state !== 'disabled' ? <ActionForm action={`${base}/disable`} csrf={csrf} confirm={`Disable ${user.name}? Their tokens and sessions stop working at once.`} label="Disable" danger /> : null}
        <ActionForm action={`${base}/role`} csrf={csrf} confirm={`Change the role of ${user.name}?`} label="Set role">
          <select name="role" aria-label={`role of ${user.name}`}>
            {ROLES.map((role) => (
              <option value={role} selected={role === user.role}>
                {role}
              </option>
            ))}
          </select>
        </ActionForm>
      </td>
    </tr>
  );
}

function KeyRows({ users, csrf, repositories }: { readonly users: readonly UserAccount[]; readonly csrf: string; readonly repositories: readonly string[] }) {
  const keys = users.flatMap((user) => user.keys.map((key) => ({ user, key })));
  if (keys.length === 0) return <p>No keys submitted.</p>;
  return (
    <table>
      <Columns names={['User', 'Fingerprint', 'State', 'May upload to', 'Actions']} />
      <tbody>
        {keys.map(({ user, key }) => {
          const base = `/users/${encodeURIComponent(user.name)}/keys/${key.fingerprint}`;
          return (
            <tr>
              <td>{user.name}</td>
              <td>
                <code>{key.fingerprint}</code>
              </td>
              <td>
                <State state={key.state} />
              </td>
              <td>{key.repositories.join(', ')}</td>
              <td>
                <ActionForm action={`${base}/approve`} csrf={csrf} confirm={`Let ${user.name}'s key upload to the ticked repositories?`} label="Approve">
                  {repositories.map((repository) => (
                    <label>
                      <input type="checkbox" name="repositories" value={repository} checked={key.repositories.includes(repository)} /> {repository}
                    </label>
                  ))}
                </ActionForm>
                <ActionForm action={`${base}/reject`} csrf={csrf} confirm={`Reject ${user.name}'s key? It loses any upload rights.`} label="Reject" danger />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The admin's view of the accounts: approve, disable, change roles, approve or reject keys. */
export function renderUsersPage(context: PageContext, data: UsersPageData): string {
  const csrf = context.csrf ?? '';
  return renderDocument(
    <Layout context={context} title="Users">
      <p>
        Accounts and their roles (maintainer ⊂ staff ⊂ admin; builder: a remote builder). People sign in with one of their tokens; an admin creates users with{' '}
        <code>mbd user add</code>, anyone may <code>mbd register</code>.
      </p>
      <table>
        <Columns names={['Name', 'E-mail', 'Role', 'State', 'Actions']} />
        <tbody>
          {data.users.map((user) => (
            <UserRow user={user} csrf={csrf} />
          ))}
        </tbody>
      </table>
      <h2>Keys (set_user_key)</h2>
      <KeyRows users={data.users} csrf={csrf} repositories={data.repositories} />
    </Layout>,
  );
}
