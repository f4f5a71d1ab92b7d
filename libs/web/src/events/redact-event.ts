/** What a hidden field shows instead of its value. */
export const HIDDEN = '(hidden)';

/**
 * The fields of events that tell about people (e-mail addresses, a key's user id, where a
 * notification went and why it failed) or tokens (their hashes): shown to admins only.
 */
const privateFields: Readonly<Record<string, readonly string[]>> = {
  UserRegistered: ['email'],
  UserCreated: ['email'],
  TokenIssued: ['sha256'],
  UserKeySubmitted: ['uid', 'key'],
  SubscriptionAdded: ['address'],
  NotificationSent: ['target'],
  NotificationFailed: ['target', 'error'],
  WebhookAdded: ['url'],
  WebhookRemoved: ['url'],
};

/** An event's data as a viewer who is not an admin sees it: its private fields (present ones) replaced by HIDDEN. */
export function redactEventData(type: string, data: unknown): unknown {
  const fields = privateFields[type];
  if (fields === undefined || typeof data !== 'object' || data === null) return data;
  const shown: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of fields) if (shown[field] !== undefined) shown[field] = HIDDEN;
  return shown;
}

/** An audit-log row (or any event-shaped value) as `admin` or anyone else may see it. */
export const shownTo = <T extends { readonly type: string; readonly data: unknown }>(admin: boolean, item: T): T =>
  admin ? item : { ...item, data: redactEventData(item.type, item.data) };
