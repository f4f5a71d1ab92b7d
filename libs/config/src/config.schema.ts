import { z } from 'zod';

/** An smtp:// or smtps:// URL with a host whose user and password decode; the schema's message never repeats it (it may hold a password). */
const isSmtpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
};

/**
 * The one configuration schema of mbd. Every setting, its environment variable and its default
 * are in this file; nothing else reads process.env for configuration.
 */
export const configSchema = z.object({
  /** MBD_DATA_DIR: event store, read models, blob store, repositories, keys, chroots. */
  dataDir: z.string().min(1).default('/var/lib/mbd'),
  /** MBD_BIND: listen address of the HTTP and FTP servers. */
  bind: z.string().min(1).default('127.0.0.1'),
  /** MBD_HTTP_PORT: REST API, web pages, repository delivery. */
  httpPort: z.coerce.number().int().min(0).max(65535).default(8066),
  /** MBD_FTP_PORT: FTP incoming for dput. */
  ftpPort: z.coerce.number().int().min(0).max(65535).default(8067),
  /** MBD_FTP_PASV_MIN / MBD_FTP_PASV_MAX: passive-mode port range. */
  ftpPasvMin: z.coerce.number().int().min(1024).max(65535).default(30000),
  ftpPasvMax: z.coerce.number().int().min(1024).max(65535).default(30100),
  /** MBD_PUBLIC_HOST: host name written into dput.cf and sources.list snippets (default: bind address). */
  publicHost: z.string().min(1).optional(),
  /** MBD_EVENTSTORE: sqlite (embedded default), postgres or kurrentdb. */
  eventStore: z.enum(['sqlite', 'postgres', 'kurrentdb']).default('sqlite'),
  /** MBD_POSTGRES_URL: used by the postgres event store and, if set, by the read models. */
  postgresUrl: z.string().url().optional(),
  /** MBD_EVENTSTORE_URL: KurrentDB connection string (esdb://… or kurrentdb://…). */
  eventStoreUrl: z.string().min(1).optional(),
  /** MBD_READ_MODELS: sqlite (a file in the data dir) or postgres (MBD_POSTGRES_URL). */
  readModels: z.enum(['sqlite', 'postgres']).default('sqlite'),
  /** MBD_ADMIN_TOKEN: bearer token for write calls; generated into the data dir on first start if unset. */
  adminToken: z.string().min(16).optional(),
  /** MBD_MIRROR: Debian mirror for chroots and the sandbox sources. */
  mirror: z.string().url().default('http://deb.debian.org/debian'),
  /** MBD_MAX_UPLOAD_FILE_BYTES / MBD_MAX_UPLOAD_BYTES: size limits for incoming files and whole uploads. */
  maxUploadFileBytes: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  maxUploadBytes: z.coerce.number().int().positive().default(2 * 1024 * 1024 * 1024),
  /** MBD_MAX_JSON_BODY_BYTES: largest JSON body of an API call (not the upload routes), answered 413 beyond. */
  maxJsonBodyBytes: z.coerce.number().int().positive().default(1024 * 1024),
  /** MBD_HTTP_HEADERS_TIMEOUT_S: a client must send its request headers within this time. */
  httpHeadersTimeoutS: z.coerce.number().int().positive().default(20),
  /** MBD_HTTP_REQUEST_TIMEOUT_S: a client must send its whole request (an HTTP upload's body too) within this time. */
  httpRequestTimeoutS: z.coerce.number().int().positive().default(1800),
  /** MBD_HTTP_IDLE_TIMEOUT_S: an HTTP connection silent this long is closed (server-sent event streams excepted). */
  httpIdleTimeoutS: z.coerce.number().int().positive().default(120),
  /** MBD_HTTP_MAX_CONNECTIONS: open HTTP connections in total; more are answered 503 and closed. */
  httpMaxConnections: z.coerce.number().int().positive().default(1024),
  /** MBD_HTTP_MAX_CONNECTIONS_PER_ADDRESS: open HTTP connections from one client address; more are answered 503 and closed. */
  httpMaxConnectionsPerAddress: z.coerce.number().int().positive().default(64),
  /** MBD_MAX_SSE_CONNECTIONS: open server-sent event streams (build logs, events) in total; more are answered 503. */
  maxSseConnections: z.coerce.number().int().positive().default(64),
  /** MBD_MAX_PENDING_REGISTRATIONS: accounts registered anonymously (`mbd register`) that may wait for an admin's approval at once; 0 turns registration off. */
  maxPendingRegistrations: z.coerce.number().int().min(0).default(20),
  /** MBD_TIME_TRAVEL_CACHE_BYTES: archives rebuilt for /repositories/<id>/@<position|time>/ kept on disk, least recently used evicted beyond. */
  timeTravelCacheBytes: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  /** MBD_TIME_TRAVEL_QUEUE: time-travel rebuilds that may wait behind the running one; more are answered 503. */
  timeTravelQueue: z.coerce.number().int().min(0).default(4),
  /**
   * MBD_INCOMPLETE_UPLOAD_TIMEOUT_S: grace for the files a .changes lists (dput sends the .changes last):
   * one still missing this long after the upload's last activity rejects it, naming each missing file.
   */
  incompleteUploadTimeoutS: z.coerce.number().int().positive().default(30),
  /** MBD_INCOMING_STRAY_TIMEOUT_S: incoming files no .changes lists, and abandoned partial transfers, are removed after this. */
  incomingStrayTimeoutS: z.coerce.number().int().positive().default(600),
  /** MBD_INCOMING_QUOTA_BYTES: all files waiting in incoming (FTP and HTTP, partial ones included); a transfer over it is refused (FTP 552, HTTP 507). */
  incomingQuotaBytes: z.coerce.number().int().positive().default(8 * 1024 * 1024 * 1024),
  /** MBD_FTP_IDLE_TIMEOUT_S: an FTP control connection without a command this long (and no transfer running) is closed. */
  ftpIdleTimeoutS: z.coerce.number().int().positive().default(300),
  /** MBD_FTP_TRANSFER_IDLE_TIMEOUT_S: an FTP upload whose data connection sends nothing this long is aborted. */
  ftpTransferIdleTimeoutS: z.coerce.number().int().positive().default(60),
  /** MBD_FTP_MAX_CONNECTIONS / MBD_FTP_MAX_CONNECTIONS_PER_ADDRESS: open FTP control connections, in total and from one client address; more are answered 421. */
  ftpMaxConnections: z.coerce.number().int().positive().default(100),
  ftpMaxConnectionsPerAddress: z.coerce.number().int().positive().default(20),
  /** MBD_REJECTED_BLOB_RETENTION_DAYS: files of rejected uploads are removed from the blob store this long after the rejection (the events stay). */
  rejectedBlobRetentionDays: z.coerce.number().min(0).default(7),
  /** MBD_BUILD_JOBS: parallel sbuild runs on this instance. */
  buildJobs: z.coerce.number().int().min(0).default(1),
  /** MBD_BUILD_TIMEOUT_S: a build running longer is stopped (sbuild's whole process group killed) and fails "timed out after N s". */
  buildTimeoutS: z.coerce.number().int().positive().default(3 * 60 * 60),
  /** MBD_BUILD_LOG_MAX_BYTES: a build log is kept up to this size (its beginning and its end, with a marker line between); the rest is dropped. */
  buildLogMaxBytes: z.coerce.number().int().min(64 * 1024).default(64 * 1024 * 1024),
  /** MBD_BUILDER_TIMEOUT_S: a remote builder silent this long (no heartbeat) is offline, and its builds are requested again. */
  builderTimeoutS: z.coerce.number().int().positive().default(60),
  /** MBD_BUILDER_MAX_SLOTS: the most builds one remote builder runs at once, whatever it offers when it registers. */
  builderMaxSlots: z.coerce.number().int().min(1).max(256).default(8),
  /** MBD_LINTIAN_TIMEOUT_S: lintian running longer on one upload or build is stopped (its process group killed). */
  lintianTimeoutS: z.coerce.number().int().positive().default(300),
  /** MBD_QA_TIMEOUT_S: piuparts or autopkgtest running longer on one build is stopped (its process group killed, its schroot session ended) and gives `error`. */
  qaTimeoutS: z.coerce.number().int().positive().default(1800),
  /** MBD_SMTP_URL: the mail server notifications go through (smtp://host:port, smtps://user:pass@host); unset: no mail. */
  smtpUrl: z.string().refine(isSmtpUrl, 'MBD_SMTP_URL is smtp://host:port or smtps://user:password@host:port (user and password percent-encoded)').optional(),
  /** MBD_MAIL_FROM: the From of notification mails. */
  mailFrom: z.string().min(3).default('mbd <mbd@localhost>'),
  /** MBD_WEBHOOK_SECRET: key of the HMAC-SHA256 over each webhook body (X-Mbd-Signature); unset: webhooks are not called. */
  webhookSecret: z.string().min(16).optional(),
  /**
   * MBD_DAEMON_NAME: this daemon's stable name among the daemons sharing one event store; its local
   * builder is `local@<name>` in BuildStarted, and a restart re-queues only that builder's builds.
   * Default: `<host name>:<MBD_HTTP_PORT>` (daemonNameOf).
   */
  daemonName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'a name of letters, digits, ".", "_", ":" and "-" (at most 100)')
    .optional(),
  /** MBD_BLOB_DIR: the blob store directory (uploads, build results, logs); several daemons on one event store share it. Default `<MBD_DATA_DIR>/blobs`. */
  blobDir: z.string().min(1).optional(),
  /**
   * MBD_ARCHIVE_KEY_DIR: the directory holding the archive key (`archive-key.asc`, made on first start);
   * several daemons serving one archive share it, so their Release files and own uploads carry one key.
   * Default `<MBD_DATA_DIR>/gpg`.
   */
  archiveKeyDir: z.string().min(1).optional(),
  /** MBD_LOG_LEVEL */
  logLevel: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export type MbdConfig = z.infer<typeof configSchema>;

/** Environment variable of each setting. */
export const configEnvironment: Record<keyof MbdConfig, string> = {
  dataDir: 'MBD_DATA_DIR',
  bind: 'MBD_BIND',
  httpPort: 'MBD_HTTP_PORT',
  ftpPort: 'MBD_FTP_PORT',
  ftpPasvMin: 'MBD_FTP_PASV_MIN',
  ftpPasvMax: 'MBD_FTP_PASV_MAX',
  publicHost: 'MBD_PUBLIC_HOST',
  eventStore: 'MBD_EVENTSTORE',
  postgresUrl: 'MBD_POSTGRES_URL',
  eventStoreUrl: 'MBD_EVENTSTORE_URL',
  readModels: 'MBD_READ_MODELS',
  adminToken: 'MBD_ADMIN_TOKEN',
  mirror: 'MBD_MIRROR',
  maxUploadFileBytes: 'MBD_MAX_UPLOAD_FILE_BYTES',
  maxUploadBytes: 'MBD_MAX_UPLOAD_BYTES',
  maxJsonBodyBytes: 'MBD_MAX_JSON_BODY_BYTES',
  httpHeadersTimeoutS: 'MBD_HTTP_HEADERS_TIMEOUT_S',
  httpRequestTimeoutS: 'MBD_HTTP_REQUEST_TIMEOUT_S',
  httpIdleTimeoutS: 'MBD_HTTP_IDLE_TIMEOUT_S',
  httpMaxConnections: 'MBD_HTTP_MAX_CONNECTIONS',
  httpMaxConnectionsPerAddress: 'MBD_HTTP_MAX_CONNECTIONS_PER_ADDRESS',
  maxSseConnections: 'MBD_MAX_SSE_CONNECTIONS',
  maxPendingRegistrations: 'MBD_MAX_PENDING_REGISTRATIONS',
  timeTravelCacheBytes: 'MBD_TIME_TRAVEL_CACHE_BYTES',
  timeTravelQueue: 'MBD_TIME_TRAVEL_QUEUE',
  incompleteUploadTimeoutS: 'MBD_INCOMPLETE_UPLOAD_TIMEOUT_S',
  incomingStrayTimeoutS: 'MBD_INCOMING_STRAY_TIMEOUT_S',
  incomingQuotaBytes: 'MBD_INCOMING_QUOTA_BYTES',
  ftpIdleTimeoutS: 'MBD_FTP_IDLE_TIMEOUT_S',
  ftpTransferIdleTimeoutS: 'MBD_FTP_TRANSFER_IDLE_TIMEOUT_S',
  ftpMaxConnections: 'MBD_FTP_MAX_CONNECTIONS',
  ftpMaxConnectionsPerAddress: 'MBD_FTP_MAX_CONNECTIONS_PER_ADDRESS',
  rejectedBlobRetentionDays: 'MBD_REJECTED_BLOB_RETENTION_DAYS',
  buildJobs: 'MBD_BUILD_JOBS',
  buildTimeoutS: 'MBD_BUILD_TIMEOUT_S',
  buildLogMaxBytes: 'MBD_BUILD_LOG_MAX_BYTES',
  builderTimeoutS: 'MBD_BUILDER_TIMEOUT_S',
  builderMaxSlots: 'MBD_BUILDER_MAX_SLOTS',
  lintianTimeoutS: 'MBD_LINTIAN_TIMEOUT_S',
  qaTimeoutS: 'MBD_QA_TIMEOUT_S',
  smtpUrl: 'MBD_SMTP_URL',
  mailFrom: 'MBD_MAIL_FROM',
  webhookSecret: 'MBD_WEBHOOK_SECRET',
  daemonName: 'MBD_DAEMON_NAME',
  blobDir: 'MBD_BLOB_DIR',
  archiveKeyDir: 'MBD_ARCHIVE_KEY_DIR',
  logLevel: 'MBD_LOG_LEVEL',
};
