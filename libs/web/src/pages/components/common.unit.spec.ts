import { h, type FunctionComponent, type VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { renderFragment } from '../render.js';
import { Columns, FilterSelect, NamePager, RequiredSelect, TextFilter } from './common.js';

/** A component's HTML, as a page would have it. */
const render = <P extends object>(component: FunctionComponent<P>, props: P): string => renderFragment(h(component, props) as VNode);

const hostile = '"><img src=x onerror=alert(1)>';

describe('Columns', () => {
  it('is a table head with one column header per name, in order', () => {
    expect(render(Columns, { names: ['Source', 'Version', 'Since'] })).toBe(
      '<thead><tr><th scope="col">Source</th><th scope="col">Version</th><th scope="col">Since</th></tr></thead>',
    );
  });

  it('escapes the names', () => {
    expect(render(Columns, { names: [hostile] })).toBe('<thead><tr><th scope="col">&quot;>&lt;img src=x onerror=alert(1)></th></tr></thead>');
  });
});

describe('FilterSelect', () => {
  const options = ['built', 'failed'];

  it('is a labelled select named for its parameter, "any" (the empty value, written `value`) first and selected when nothing is filtered on', () => {
    expect(render(FilterSelect, { label: 'State', name: 'state', options })).toBe(
      '<label>State<select name="state"><option value selected>any</option><option value="built">built</option><option value="failed">failed</option></select></label>',
    );
    expect(render(FilterSelect, { label: 'State', name: 'state', options, value: '' })).toContain('<option value selected>any</option>');
  });

  it('marks the value filtered on, and only it', () => {
    const html = render(FilterSelect, { label: 'State', name: 'state', options, value: 'failed' });
    expect(html).toContain('<option value>any</option>');
    expect(html).toContain('<option value="built">built</option>');
    expect(html).toContain('<option value="failed" selected>failed</option>');
  });

  it('names its first option as asked', () => {
    expect(render(FilterSelect, { label: 'Type', name: 'type', options, any: 'any type' })).toContain('<option value selected>any type</option>');
  });

  it('escapes a value that is not an option without selecting anything', () => {
    const html = render(FilterSelect, { label: 'State', name: 'state', options: [hostile], value: 'nothing' });
    expect(html).toContain('<option value="&quot;>&lt;img src=x onerror=alert(1)>">&quot;>&lt;img src=x onerror=alert(1)></option>');
    expect(html).not.toContain('selected');
  });
});

describe('RequiredSelect', () => {
  it('is a labelled, required select of the options only (no empty choice)', () => {
    expect(render(RequiredSelect, { label: 'Codename', name: 'codename', options: ['bookworm', 'trixie'] })).toBe(
      '<label>Codename<select name="codename" required><option value="bookworm">bookworm</option><option value="trixie">trixie</option></select></label>',
    );
  });
});

describe('TextFilter', () => {
  it('is a labelled text input keeping the value filtered on, with its example', () => {
    expect(render(TextFilter, { label: 'Source', name: 'source', value: 'hello', placeholder: 'e.g. hello' })).toBe(
      '<label>Source<input type="text" name="source" value="hello" placeholder="e.g. hello" autocomplete="off"/></label>',
    );
  });

  it('is empty, without a placeholder unless given one, when nothing is filtered on', () => {
    expect(render(TextFilter, { label: 'Source', name: 'source' })).toBe('<label>Source<input type="text" name="source" value autocomplete="off"/></label>');
  });

  it('escapes the value', () => {
    const html = render(TextFilter, { label: 'Source', name: 'source', value: hostile });
    expect(html).toContain('value="&quot;>&lt;img src=x onerror=alert(1)>"');
    expect(html).not.toContain('<img');
  });
});

describe('NamePager', () => {
  it('is nothing when the list fits on one page', () => {
    expect(render(NamePager, { label: 'Pages' })).toBe('');
  });

  it('on the first page: "← First" disabled, "Next →" a link to the next page', () => {
    const html = render(NamePager, { label: 'Pages of main', next: '/list?after=m' });
    expect(html).toBe(
      '<nav class="pager" aria-label="Pages of main"><ul><li><span aria-disabled="true">← First</span></li><li><a href="/list?after=m" rel="next">Next →</a></li></ul></nav>',
    );
  });

  it('on the last page: "← First" a link back, "Next →" disabled', () => {
    const html = render(NamePager, { label: 'Pages', first: '/list' });
    expect(html).toContain('<li><a href="/list">← First</a></li>');
    expect(html).toContain('<li><span aria-disabled="true">Next →</span></li>');
  });

  it('in between: both links', () => {
    const html = render(NamePager, { label: 'Pages', first: '/list', next: '/list?after=t' });
    expect(html).toContain('<a href="/list">← First</a>');
    expect(html).toContain('<a href="/list?after=t" rel="next">Next →</a>');
    expect(html).not.toContain('aria-disabled');
  });
});
