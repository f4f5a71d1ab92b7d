import { describe, expect, it } from 'vitest';
import { daemonNameOf, localBuilderNameOf } from './daemon-name.js';
import { loadConfig } from './load-config.js';

describe('daemonNameOf', () => {
  it('is MBD_DAEMON_NAME when set, and names the local builder after it', () => {
    const config = loadConfig({ MBD_DAEMON_NAME: 'build-a', MBD_HTTP_PORT: '9000' });
    expect(daemonNameOf(config)).toBe('build-a');
    expect(localBuilderNameOf(config)).toBe('local@build-a');
  });

  it('defaults to the host name and the HTTP port, so two daemons on one machine differ', () => {
    expect(daemonNameOf(loadConfig({ MBD_HTTP_PORT: '9000' }), 'buildhost')).toBe('buildhost:9000');
    expect(daemonNameOf(loadConfig({ MBD_HTTP_PORT: '9002' }), 'buildhost')).toBe('buildhost:9002');
  });

  it('refuses a name with spaces or slashes, naming the variable', () => {
    expect(() => loadConfig({ MBD_DAEMON_NAME: 'a b' })).toThrow(/MBD_DAEMON_NAME="a b"/);
    expect(() => loadConfig({ MBD_DAEMON_NAME: '../x' })).toThrow(/MBD_DAEMON_NAME/);
  });
});
