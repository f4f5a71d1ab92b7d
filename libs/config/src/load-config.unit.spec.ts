import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('gives working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ httpPort: 8066, ftpPort: 8067, bind: '127.0.0.1', eventStore: 'sqlite', readModels: 'sqlite' });
  });

  it('reads the documented variables', () => {
    const config = loadConfig({ MBD_DATA_DIR: '/tmp/x', MBD_HTTP_PORT: '9000', MBD_FTP_PORT: '9001', MBD_BIND: '0.0.0.0' });
    expect(config).toMatchObject({ dataDir: '/tmp/x', httpPort: 9000, ftpPort: 9001, bind: '0.0.0.0' });
  });

  it('names the variable of an invalid value', () => {
    expect(() => loadConfig({ MBD_HTTP_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ MBD_HTTP_PORT: 'eighty' })).toThrow(/MBD_HTTP_PORT="eighty"/);
    expect(() => loadConfig({ MBD_EVENTSTORE: 'mysql' })).toThrow(/MBD_EVENTSTORE/);
  });

  it('refuses an MBD_SMTP_URL that is no smtp URL without showing its password', () => {
    for (const smtpUrl of ['smtp://mailer:s3cret-pw@[bad host', 'http://mailer:s3cret-pw@mail.example', 'smtps://mailer:s3cret%ZZpw@mail.example']) {
      const refused = (() => {
        try {
          loadConfig({ MBD_SMTP_URL: smtpUrl });
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as Error).message).toContain('MBD_SMTP_URL');
      expect((refused as Error).message).not.toContain('s3cret');
    }
    expect(loadConfig({ MBD_SMTP_URL: 'smtps://mailer:s3cret@mail.example:465' }).smtpUrl).toBe('smtps://mailer:s3cret@mail.example:465');
  });

  it('refuses an adapter without its URL', () => {
    expect(() => loadConfig({ MBD_EVENTSTORE: 'postgres' })).toThrow(/MBD_POSTGRES_URL/);
  });
});
