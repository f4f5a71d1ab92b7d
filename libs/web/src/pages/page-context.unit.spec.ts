import { describe, expect, it } from 'vitest';
import { mayAct, type PageContext } from './page-context.js';
import { adminViewer } from './session/viewer.fixture.js';

const as = (role: 'maintainer' | 'staff', readOnly = false): PageContext => ({
  path: '/',
  csrf: 'csrf-1',
  viewer: { name: 'jane', session: 's', tokenId: 't1', role, principal: { name: 'jane', role, via: 'session', tokenId: 't1', ...(readOnly ? { readOnly } : {}) } },
});

describe('mayAct', () => {
  it('offers a form only to viewers whose role and token allow it', () => {
    expect(mayAct({ path: '/' }, 'maintainer')).toBeUndefined();
    expect(mayAct(as('maintainer'), 'staff')).toBeUndefined();
    expect(mayAct(as('maintainer'), 'maintainer')).toBe('csrf-1');
    expect(mayAct(as('staff'), 'staff')).toBe('csrf-1');
    expect(mayAct(as('staff', true), 'staff')).toBeUndefined();
    expect(mayAct({ path: '/', viewer: adminViewer(), csrf: 'c' }, 'admin')).toBe('c');
  });
});
