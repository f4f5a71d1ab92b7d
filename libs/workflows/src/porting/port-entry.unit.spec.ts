import { describe, expect, it } from 'vitest';
import { autoPortsOf } from './auto-ports.js';
import { portEntryLine, portEntryOptions } from './port-entry.js';

describe('port changelog entry', () => {
  it("says what kind of port it is, in mini-buildd's words, naming the origin", () => {
    expect(portEntryLine({ kind: 'internal', from: 'bookworm-test-unstable', to: 'trixie-test-unstable' }, 'ab12')).toBe(
      "Automated port via mbd (no changes). Original DSC's SHA256: ab12",
    );
    expect(portEntryLine({ kind: 'internal', from: 'bookworm-test-unstable', to: 'bookworm-test-unstable' }, 'ab12')).toBe('Rebuild via mbd (no changes).');
    expect(portEntryLine({ kind: 'external', from: 'https://deb.example.org/hello_1.0.dsc', to: 'trixie-test-unstable' }, 'ab12')).toBe(
      'External port from: https://deb.example.org/hello_1.0.dsc',
    );
  });

  it('carries the options asked for, else lintian-mode=ignore like mini-buildd', () => {
    expect(portEntryOptions({})).toEqual(['lintian-mode=ignore']);
    expect(portEntryOptions({ options: [] })).toEqual(['lintian-mode=ignore']);
    expect(portEntryOptions({ options: ['lintian-mode=errfail', 'auto-ports=x'] })).toEqual(['lintian-mode=errfail', 'auto-ports=x']);
  });
});

describe('autoPortsOf', () => {
  it('reads the distributions of the auto-ports option, comma-separated', () => {
    expect(autoPortsOf([{ key: 'lintian-mode', value: 'ignore' }, { key: 'auto-ports', value: 'trixie-test-unstable, bullseye-test-unstable,' }])).toEqual([
      'trixie-test-unstable',
      'bullseye-test-unstable',
    ]);
    expect(autoPortsOf([{ key: 'lintian-mode', value: 'ignore' }])).toEqual([]);
    expect(autoPortsOf(undefined)).toEqual([]);
  });
});
