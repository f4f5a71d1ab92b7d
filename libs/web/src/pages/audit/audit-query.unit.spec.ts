import { describe, expect, it } from 'vitest';
import { auditItem } from './audit-samples.fixture.js';
import { AUDIT_EVENT_TYPES, auditListHref, auditQuerySchema, auditStreamHref, filtersOf, formComponent, matchesAuditFilters, toAuditLogFilter } from './audit-query.js';

describe('the audit log query', () => {
  it('takes the GET form as sent: empty fields are no filter', () => {
    const query = auditQuerySchema.parse({ type: '', source: 'hello', actor: ' ', distribution: '', repository: '', since: '', until: '', correlation: '' });
    expect(query).toEqual({ source: 'hello' });
    expect(filtersOf({ ...query, before: 5 })).toEqual({ source: 'hello' });
  });

  it('reads datetime-local times as UTC, and keeps them in the input’s form', () => {
    const query = auditQuerySchema.parse({ since: '2026-11-30T12:00', until: '2026-11-30T13:14:15' });
    expect(query).toEqual({ since: '2026-11-30T12:00', until: '2026-11-30T13:14:15' });
    expect(toAuditLogFilter(query)).toEqual({ since: new Date('2026-11-30T12:00:00.000Z'), until: new Date('2026-11-30T13:14:15.000Z') });
    expect(auditQuerySchema.parse({ since: '2026-11-30T13:00:00+01:00' })).toEqual({ since: '2026-11-30T12:00' });
    expect(auditQuerySchema.safeParse({ since: 'yesterday' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ until: '2026-13-45T99:00' }).success).toBe(false);
  });

  it('takes a bare fingerprint for the uploader with that key', () => {
    expect(auditQuerySchema.parse({ actor: '0123456789abcdef0123456789abcdef01234567' })).toEqual({ actor: 'key:0123456789ABCDEF0123456789ABCDEF01234567' });
    expect(auditQuerySchema.parse({ actor: 'user:admin' })).toEqual({ actor: 'user:admin' });
  });

  it('pages by one cursor: before or after a position, never both', () => {
    expect(auditQuerySchema.parse({ before: '120' })).toEqual({ before: 120 });
    expect(auditQuerySchema.safeParse({ before: '5', after: '2' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ before: '-1' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ after: 'x' }).success).toBe(false);
  });

  it('hands the filters to the read model under its names', () => {
    expect(toAuditLogFilter({ type: 'UploadAccepted', source: 'hello', actor: 'daemon', distribution: 'bookworm-test-unstable', repository: 'test', correlation: 'c1' })).toEqual({
      type: 'UploadAccepted',
      source: 'hello',
      actor: 'daemon',
      distribution: 'bookworm-test-unstable',
      repository: 'test',
      correlationId: 'c1',
    });
  });

  it('spells links with the filters in one order, and the cursor last', () => {
    expect(auditListHref({ correlation: 'c1', type: 'T' }, { before: 9 })).toBe('/audit?type=T&correlation=c1&before=9');
    expect(auditListHref({})).toBe('/audit');
    expect(auditStreamHref({ source: 'a&b' }, 3)).toBe('/audit/stream?source=a%26b&after=3');
  });

  it('encodes a value in links as URLSearchParams does', () => {
    const values = ['plain-1.0_x*', 'c 1&x=2', "a!b'c(d)e~f", 'key:ABC/+%?#', `corr-"><img src=x onerror=alert(1)>`, 'ü ß € 😀', 'lone \ud800 surrogate', '', '\n\t'];
    for (const value of values) expect(formComponent(value)).toBe(new URLSearchParams({ v: value }).toString().slice(2));
    expect(auditListHref({ actor: "o'brien (x)" })).toBe(`/audit?${new URLSearchParams({ actor: "o'brien (x)" }).toString()}`);
  });

  it('filters live events the way the read model filters the page', () => {
    const item = auditItem({ position: 3, type: 'UploadAccepted', data: {}, source: 'hello', distribution: 'bookworm-test-unstable', repository: 'test' });
    expect(matchesAuditFilters({ source: 'hello', repository: 'test', correlation: 'corr-u1' })(item)).toBe(true);
    expect(matchesAuditFilters({ source: 'other' })(item)).toBe(false);
    expect(matchesAuditFilters({ since: '2026-11-30T19:37:11' })(item)).toBe(true);
    expect(matchesAuditFilters({ since: '2026-11-30T19:37:12' })(item)).toBe(false);
    expect(matchesAuditFilters({ until: '2026-11-30T19:37' })(item)).toBe(false);
    expect(matchesAuditFilters({ actor: 'daemon' })(item)).toBe(false);
  });

  it('knows every event type of the catalogue', () => {
    expect(AUDIT_EVENT_TYPES).toContain('UploadRejected');
    expect(AUDIT_EVENT_TYPES).toContain('ParkedEventRetried');
    expect(AUDIT_EVENT_TYPES.length).toBeGreaterThan(25);
  });
});
