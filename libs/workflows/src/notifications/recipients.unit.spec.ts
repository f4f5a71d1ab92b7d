import { describe, expect, it } from 'vitest';
import type { Notice } from './notice.js';
import { addressOf, recipientsOf, type Subscription } from './recipients.js';

const installed: Notice = {
  eventType: 'PackageInstalled',
  position: 42,
  source: 'hello',
  version: '1.0-1',
  distribution: 'bookworm-test-unstable',
  reasons: [],
  links: [],
  changedBy: 'Jane Doe <jane@example.org>',
  maintainer: 'Debian Hello Team <hello-team@example.org>',
  signedBy: '0123456789ABCDEF0123456789ABCDEF01234567',
};
const subscription = (user: string, source: string, distribution: string, address = `${user}@example.org`): Subscription => ({ user, source, distribution, address });

describe('recipientsOf', () => {
  it('mails the subscribers whose source and distribution match, * matching anything', () => {
    const subscriptions = [
      subscription('all', '*', '*'),
      subscription('hello', 'hello', '*'),
      subscription('unstable', '*', 'bookworm-test-unstable'),
      subscription('exact', 'hello', 'bookworm-test-unstable'),
      subscription('other-source', 'bye', '*'),
      subscription('other-dist', 'hello', 'bookworm-test-stable'),
    ];
    expect(recipientsOf(installed, subscriptions, undefined)).toEqual(['all@example.org', 'hello@example.org', 'unstable@example.org', 'exact@example.org']);
  });

  it('adds the repository’s notify addresses, Changed-By and Maintainer only where the repository says so', () => {
    expect(recipientsOf(installed, [], { notify: ['ops@example.org'] })).toEqual(['ops@example.org']);
    expect(recipientsOf(installed, [], { notifyChangedBy: true })).toEqual(['jane@example.org']);
    expect(recipientsOf(installed, [], { notifyMaintainer: true })).toEqual(['hello-team@example.org']);
    expect(recipientsOf(installed, [], { notifyChangedBy: false, notifyMaintainer: false })).toEqual([]);
  });

  it('never mails Changed-By or Maintainer of an upload no known key signed (anyone may send one, naming any address)', () => {
    const { signedBy, ...unsigned } = installed;
    expect(signedBy).toBeDefined();
    expect(recipientsOf(unsigned, [], { notify: ['ops@example.org'], notifyChangedBy: true, notifyMaintainer: true })).toEqual(['ops@example.org']);
  });

  it('names each address once, whatever its case', () => {
    const subscriptions = [subscription('jane', '*', '*', 'Jane@Example.org')];
    expect(recipientsOf(installed, subscriptions, { notify: ['jane@example.org'], notifyChangedBy: true })).toEqual(['Jane@Example.org']);
  });

  it('matches a notice without source or distribution (an unreadable upload) only to subscriptions to *', () => {
    const rejected: Notice = { eventType: 'UploadRejected', position: 7, reasons: ['no .changes'], links: [] };
    expect(recipientsOf(rejected, [subscription('all', '*', '*'), subscription('hello', 'hello', '*')], { notifyChangedBy: true })).toEqual(['all@example.org']);
  });
});

describe('addressOf', () => {
  it('takes the address out of a Changed-By or Maintainer field, and nothing from a field without one', () => {
    expect(addressOf('Jane Doe <jane@example.org>')).toBe('jane@example.org');
    expect(addressOf('jane@example.org')).toBe('jane@example.org');
    expect(addressOf('Jane Doe')).toBeUndefined();
    expect(addressOf('Evil <a@b, c@d>')).toBeUndefined();
    expect(addressOf(undefined)).toBeUndefined();
  });
});
