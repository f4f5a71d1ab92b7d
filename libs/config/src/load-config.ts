import { configEnvironment, configSchema, type MbdConfig } from './config.schema.js';

/** An invalid setting: start-up stops with this message, which names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The user and password of a URL (`smtps://user:password@host`), never shown in an error. */
const URL_CREDENTIALS = /\/\/[^/@\s]*@/;

/** Reads the configuration from an environment (process.env by default) and validates it once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): MbdConfig {
  const raw: Record<string, string> = {};
  for (const [key, variable] of Object.entries(configEnvironment)) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof MbdConfig;
      const variable = configEnvironment[key] ?? key;
      const value = env[variable];
      return `${variable}=${JSON.stringify(value?.replace(URL_CREDENTIALS, '//…@'))}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  if (config.ftpPasvMin > config.ftpPasvMax) {
    throw new ConfigError(`invalid configuration: MBD_FTP_PASV_MIN (${config.ftpPasvMin}) is above MBD_FTP_PASV_MAX (${config.ftpPasvMax})`);
  }
  if (config.eventStore === 'postgres' && !config.postgresUrl) {
    throw new ConfigError('invalid configuration: MBD_EVENTSTORE=postgres needs MBD_POSTGRES_URL');
  }
  if (config.readModels === 'postgres' && !config.postgresUrl) {
    throw new ConfigError('invalid configuration: MBD_READ_MODELS=postgres needs MBD_POSTGRES_URL');
  }
  if (config.eventStore === 'kurrentdb' && !config.eventStoreUrl) {
    throw new ConfigError('invalid configuration: MBD_EVENTSTORE=kurrentdb needs MBD_EVENTSTORE_URL');
  }
  return config;
}
