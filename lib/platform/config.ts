import { parseCdns, type CdnConfig } from './cdn-config';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every variable is described; a bad value stops start-up with one
 * message that names the variable.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000).describe('HTTP port of `npm start`.'),
  WEFT_DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe('Folder for the embedded database (`db/`) and local media storage (`media/`).'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL connection URL. Unset: the embedded PGlite database in `$WEFT_DATA_DIR/db`.'),
  WEFT_STORAGE: z
    .enum(['disk', 's3'])
    .default('disk')
    .describe('Where media bytes live. `disk`: `$WEFT_MEDIA_DIR` (one machine, or a folder every node mounts). `s3`: an S3-compatible bucket (`WEFT_S3_*`).'),
  WEFT_MEDIA_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('Media folder for disk storage (unset: `$WEFT_DATA_DIR/media`); with S3 only scratch work goes there.'),
  WEFT_S3_ENDPOINT: z.string().url().optional().describe('S3 endpoint URL (MinIO, Ceph, Garage, R2…). Unset: AWS S3 in `WEFT_S3_REGION`.'),
  WEFT_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)')
    .optional()
    .describe('The bucket for every media object: uploads, HLS, thumbnails, storyboards. Created on first use when missing. Required with `WEFT_STORAGE=s3`.'),
  WEFT_S3_REGION: z.string().min(1).default('us-east-1').describe('Region of the bucket (any value for most self-hosted stores).'),
  WEFT_S3_ACCESS_KEY_ID: z.string().min(1).optional().describe('S3 access key. Unset: the AWS default credential chain (instance role, `~/.aws`).'),
  WEFT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('S3 secret key (with `WEFT_S3_ACCESS_KEY_ID`).'),
  WEFT_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .describe('`true`: the bucket in the path (`http://host/bucket/key`), as MinIO and most self-hosted stores need.'),
  WEFT_MEDIA_DELIVERY: z
    .enum(['proxy', 'direct'])
    .default('proxy')
    .describe('`proxy`: viewers get media through the media origin (`Range`, `ETag`). `direct` (S3 only): playlists still come from the origin (they carry the signatures); segments and images come straight from the bucket, or a CDN in front of it, by presigned URLs that end when the signature does.'),
  WEFT_WORKERS: z
    .enum(['inline', 'off'])
    .default('inline')
    .describe('`inline`: the server process runs the job workers; `off`: web only, run `npm run worker` elsewhere.'),
  WEFT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2).describe('Jobs of each kind one worker process runs at once (transcription, analysis and deletion run one at a time).'),
  WEFT_INGEST_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(4)
    .describe('Recordings one worker process turns into HLS while they upload (0: none; the pipeline then starts at the end of the upload).'),
  WEFT_JOB_POLL_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(60_000)
    .default(500)
    .describe('How often an idle worker looks for jobs when nothing woke it, in ms (pg-boss polls at most every 500 ms; a new job wakes the workers at once: in the same process directly, across processes by LISTEN/NOTIFY).'),
  WEFT_JOB_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3600)
    .default(60)
    .describe('pg-boss heartbeat: a running job whose worker sent no heartbeat for this many seconds is retried on another worker.'),
  WEFT_JOB_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(14)
    .describe('Finished jobs (pg-boss deletes them) and delivered events are deleted after this many days.'),
  FFMPEG_PATH: z.string().min(1).default('ffmpeg').describe('The ffmpeg binary (a bare name is looked up in `PATH`).'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe').describe('The ffprobe binary (a bare name is looked up in `PATH`).'),
  WEFT_FFMPEG_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'])
    .default('veryfast')
    .describe('x264 preset for the HLS ladder.'),
  WEFT_TRANSCRIBE: z.enum(['on', 'off']).default('on').describe('`on`: videos are transcribed with Whisper once playable; `off`: not at all.'),
  WEFT_WHISPER_MODEL: z
    .string()
    .min(1)
    .default('onnx-community/whisper-base')
    .describe('A Hugging Face hub id (fetched into `WEFT_MODELS_DIR` on first use or by `npm run models:fetch`) or the path of a transformers.js model folder.'),
  WEFT_WHISPER_DTYPE: z.enum(['fp32', 'q8']).default('q8').describe('`q8` (8-bit quantized weights) or `fp32` (full precision).'),
  WEFT_WHISPER_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional()
    .describe('Spoken language (ISO 639-1: `en`, `de`, …); unset lets the model detect it.'),
  WEFT_WHISPER_THREADS: z.coerce.number().int().min(1).max(64).default(2).describe('CPU threads one transcription uses.'),
  WEFT_MODELS_DIR: z.string().optional().describe('Where models are kept (unset: `$WEFT_DATA_DIR/models`).'),
  WEFT_MODELS_DOWNLOAD: z
    .enum(['on', 'off'])
    .default('on')
    .describe('`on`: fetch a missing hub model on first use; `off`: only local models (offline, the transcription fails with "transcription model not available: …" and the video plays on).'),
  WEFT_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 ** 3)
    .describe('Largest accepted upload in bytes.'),
  WEFT_UPLOAD_EXPIRY_HOURS: z.coerce
    .number()
    .positive()
    .default(24)
    .describe('An unfinished upload untouched for this many hours is deleted.'),
  WEFT_PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('Public base URL used in share links and e-mails. Unset: taken from each request.'),
  WEFT_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .describe('SMTP server for e-mails ("your video is ready", comments), e.g. `smtp://user:pass@mail.example.com:587`. Unset: no e-mail.'),
  WEFT_MAIL_FROM: z.string().min(3).default('Weft <weft@localhost>').describe('Sender of the e-mails.'),
  WEFT_LLM_URL: z
    .string()
    .url()
    .optional()
    .describe('OpenAI-compatible API base (e.g. `http://localhost:11434/v1`) that refines summaries, action items, chapters and titles. Unset: the local analysis only.'),
  WEFT_LLM_MODEL: z.string().min(1).default('default').describe('Model name sent to `WEFT_LLM_URL`.'),
  WEFT_LLM_API_KEY: z.string().min(1).optional().describe('Bearer key for `WEFT_LLM_URL`, if it needs one.'),
  WEFT_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .describe('`true` lets webhooks go to private, loopback and link-local addresses (a LAN install); `false`: public addresses only.'),
  WEFT_SIGNUPS_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(10)
    .describe('Accounts one client address may create per hour (0: no limit).'),
  WEFT_TRUSTED_PROXIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe('How many reverse proxies in front of Weft add to `X-Forwarded-For` (0: the connecting address is the client). Throttles key on the address the outermost trusted proxy saw.'),
  WEFT_EMBED_ORIGINS: z
    .string()
    .regex(/^\s*(https?:\/\/[^\s,/]+\s*[, ]?\s*)*$/, 'must be origins such as https://example.com, separated by spaces or commas')
    .optional()
    .describe('Sites that may frame the player (`/embed/…`), e.g. `https://intranet.example.com https://blog.example.com`. Unset: any site.'),
  WEFT_ANALYTICS_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('Days raw playback events are kept; the per-day and per-second rollups are kept forever.'),
  WEFT_ANALYTICS_ROLLUP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60).describe('How often workers roll new playback events up into the insights, in seconds.'),
  WEFT_ANALYTICS_BATCHES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(120)
    .describe('Playback-event batches one playback may send per minute (0: no limit); a player sends about 6.'),
  WEFT_COMMENT_DIGEST_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe('The owner hears about comments once per this many seconds: one in-app notice and one e-mail per burst (webhooks stay one per comment).'),
  WEFT_DELETE_UNDO_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(600)
    .describe('How long a deleted video can be restored (Undo in the library) before a job removes its files and rows.'),
  WEFT_CDNS: z
    .string()
    .optional()
    .describe('CDNs in front of the media origin: a JSON list `[{name, baseUrl, weight, regions, signing, health}]` or the path of a JSON file with one (see *CDNs*). Unset: media from this server.'),
  WEFT_CDN_REGION_HEADER: z
    .string()
    .default('cloudfront-viewer-country,cf-ipcountry')
    .describe('Request headers (comma-separated, first present wins) carrying the viewer\'s country, set by the edge.'),
  WEFT_CDN_HEALTH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10).describe('How often each CDN\'s health URL is checked.'),
  WEFT_EXTENSION_IDS: z
    .string()
    .regex(/^\s*([a-p]{32}\s*[, ]?\s*)*$/, 'must be Chrome extension ids (32 letters a–p), separated by spaces or commas')
    .optional()
    .describe('Browser extensions (Chrome ids) that `/extension/connect` may hand a recording token to. Unset: the Weft extension built from this repository.'),
  WEFT_SIGNUP: z
    .enum(['open', 'closed'])
    .default('open')
    .describe('`open`, or `closed`: only the first account (the admin) can sign up.'),
  WEFT_WORKSPACE_CREATION: z
    .enum(['anyone', 'admins'])
    .default('anyone')
    .describe('Who may make more workspaces: `anyone` signed in, or only the instance\'s `admins`.'),
  WEFT_PASSWORD_LOGIN: z
    .enum(['on', 'off'])
    .default('on')
    .describe('`off`: single sign-on is the only way in (log-in, sign-up and password reset by password are refused).'),
  WEFT_OIDC_ISSUER: z
    .string()
    .url()
    .optional()
    .describe('OpenID Provider for single sign-on (its issuer URL; https, or http on a loopback address only). Unset: no single sign-on.'),
  WEFT_OIDC_CLIENT_ID: z.string().min(1).optional().describe('The client id Weft is registered with at the provider.'),
  WEFT_OIDC_CLIENT_SECRET: z.string().min(1).optional().describe('Its client secret. The redirect URI to register is `<public URL>/api/v1/auth/oidc/callback`.'),
  WEFT_OIDC_TOKEN_AUTH: z
    .enum(['client_secret_basic', 'client_secret_post'])
    .default('client_secret_basic')
    .describe('How Weft authenticates to the provider\'s token endpoint, as the client is registered there (`client_secret_basic` is the OpenID default).'),
  WEFT_OIDC_NAME: z.string().min(1).max(60).default('Single sign-on').describe('The label of the log-in page\'s single sign-on button (e.g. `Okta`).'),
  WEFT_SIGNING_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('Secret (≥ 32 characters) for signed media URLs and password unlocks. Unset: generated once and kept in the database, shared by all processes.'),
  WEFT_MEDIA_URL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(6 * 3600)
    .describe('Life of signed media URLs in seconds (at least 3× the video length is used for long videos).'),
  WEFT_COOKIE_SECURE: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('`auto`: the Secure flag when the request came over HTTPS or `WEFT_PUBLIC_URL` is https; `always`; `never`.'),
  WEFT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('`debug`, `info`, `warn` or `error`. Logs are one JSON object per line.'),
});

export type ConfigName = keyof typeof schema.shape;

/** Every variable's name. */
export const CONFIG_NAMES = Object.keys(schema.shape) as ConfigName[];

/** The variables in groups, in the order the README's tables show them (a test checks each is in one). */
export const CONFIG_SECTIONS: ReadonlyArray<{ title: string; names: readonly ConfigName[] }> = [
  { title: 'Server and data', names: ['PORT', 'WEFT_PUBLIC_URL', 'WEFT_DATA_DIR', 'DATABASE_URL', 'WEFT_LOG_LEVEL'] },
  { title: 'Media storage and delivery', names: ['WEFT_STORAGE', 'WEFT_MEDIA_DIR', 'WEFT_S3_ENDPOINT', 'WEFT_S3_BUCKET', 'WEFT_S3_REGION', 'WEFT_S3_ACCESS_KEY_ID', 'WEFT_S3_SECRET_ACCESS_KEY', 'WEFT_S3_FORCE_PATH_STYLE', 'WEFT_MEDIA_DELIVERY', 'WEFT_MEDIA_URL_TTL_SECONDS', 'WEFT_CDNS', 'WEFT_CDN_REGION_HEADER', 'WEFT_CDN_HEALTH_SECONDS'] },
  { title: 'Uploads and processing', names: ['WEFT_UPLOAD_MAX_BYTES', 'WEFT_UPLOAD_EXPIRY_HOURS', 'FFMPEG_PATH', 'FFPROBE_PATH', 'WEFT_FFMPEG_PRESET', 'WEFT_DELETE_UNDO_SECONDS'] },
  { title: 'Workers and jobs', names: ['WEFT_WORKERS', 'WEFT_WORKER_CONCURRENCY', 'WEFT_INGEST_CONCURRENCY', 'WEFT_JOB_POLL_MS', 'WEFT_JOB_LEASE_SECONDS', 'WEFT_JOB_RETENTION_DAYS'] },
  { title: 'Transcription and analysis', names: ['WEFT_TRANSCRIBE', 'WEFT_WHISPER_MODEL', 'WEFT_WHISPER_DTYPE', 'WEFT_WHISPER_LANGUAGE', 'WEFT_WHISPER_THREADS', 'WEFT_MODELS_DIR', 'WEFT_MODELS_DOWNLOAD', 'WEFT_LLM_URL', 'WEFT_LLM_MODEL', 'WEFT_LLM_API_KEY'] },
  { title: 'Accounts and access', names: ['WEFT_SIGNUP', 'WEFT_SIGNUPS_PER_ADDRESS', 'WEFT_WORKSPACE_CREATION', 'WEFT_PASSWORD_LOGIN', 'WEFT_OIDC_ISSUER', 'WEFT_OIDC_CLIENT_ID', 'WEFT_OIDC_CLIENT_SECRET', 'WEFT_OIDC_TOKEN_AUTH', 'WEFT_OIDC_NAME', 'WEFT_SIGNING_KEY', 'WEFT_COOKIE_SECURE', 'WEFT_TRUSTED_PROXIES', 'WEFT_EMBED_ORIGINS', 'WEFT_EXTENSION_IDS'] },
  { title: 'Notifications', names: ['WEFT_SMTP_URL', 'WEFT_MAIL_FROM', 'WEFT_WEBHOOK_ALLOW_PRIVATE', 'WEFT_COMMENT_DIGEST_SECONDS'] },
  { title: 'Viewer insights', names: ['WEFT_ANALYTICS_RETENTION_DAYS', 'WEFT_ANALYTICS_ROLLUP_SECONDS', 'WEFT_ANALYTICS_BATCHES_PER_MINUTE'] },
];

/** Every default, from the schema (the one place they are written). */
export const CONFIG_DEFAULTS = schema.parse({});

export type Config = z.infer<typeof schema> & {
  /** WEFT_CDNS, parsed. */
  cdns: CdnConfig[];
  /** WEFT_EMBED_ORIGINS as a list (empty: any site may embed). */
  embedOrigins: string[];
  dataDir: string;
  dbDir: string;
  mediaDir: string;
  modelsDir: string;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    const desc = schema.shape[name as keyof typeof schema.shape]?.description;
    throw new ConfigError(
      `Invalid configuration: ${name}=${JSON.stringify(cleaned[name] ?? '')}: ${issue?.message ?? 'invalid'}` +
        (desc ? ` (${name}: ${desc})` : ''),
    );
  }
  const c = result.data;
  if (c.WEFT_STORAGE === 's3' && !c.WEFT_S3_BUCKET) {
    throw new ConfigError('Invalid configuration: WEFT_STORAGE=s3 needs WEFT_S3_BUCKET (and usually WEFT_S3_ENDPOINT, WEFT_S3_ACCESS_KEY_ID, WEFT_S3_SECRET_ACCESS_KEY).');
  }
  if (c.WEFT_S3_ACCESS_KEY_ID && !c.WEFT_S3_SECRET_ACCESS_KEY) {
    throw new ConfigError('Invalid configuration: WEFT_S3_ACCESS_KEY_ID is set without WEFT_S3_SECRET_ACCESS_KEY.');
  }
  if (c.WEFT_MEDIA_DELIVERY === 'direct' && c.WEFT_STORAGE !== 's3') {
    throw new ConfigError('Invalid configuration: WEFT_MEDIA_DELIVERY=direct needs WEFT_STORAGE=s3 (disk media is only served by the media origin).');
  }
  if (c.WEFT_OIDC_ISSUER) {
    if (!c.WEFT_OIDC_CLIENT_ID || !c.WEFT_OIDC_CLIENT_SECRET) throw new ConfigError('Invalid configuration: WEFT_OIDC_ISSUER needs WEFT_OIDC_CLIENT_ID and WEFT_OIDC_CLIENT_SECRET.');
    const u = new URL(c.WEFT_OIDC_ISSUER);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
      throw new ConfigError(`Invalid configuration: WEFT_OIDC_ISSUER=${JSON.stringify(c.WEFT_OIDC_ISSUER)}: must be https (http only on a loopback address, for tests).`);
    }
  }
  if (c.WEFT_PASSWORD_LOGIN === 'off' && !c.WEFT_OIDC_ISSUER) {
    throw new ConfigError('Invalid configuration: WEFT_PASSWORD_LOGIN=off needs single sign-on (WEFT_OIDC_ISSUER), or nobody could log in.');
  }
  const dataDir = path.resolve(c.WEFT_DATA_DIR);
  let cdns: CdnConfig[];
  try {
    cdns = parseCdns(c.WEFT_CDNS);
  } catch (e) {
    throw new ConfigError(`Invalid configuration: ${(e as Error).message}`);
  }
  return {
    ...c,
    cdns,
    embedOrigins: (c.WEFT_EMBED_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean),
    dataDir,
    dbDir: path.join(dataDir, 'db'),
    mediaDir: path.resolve(/* turbopackIgnore: true */ c.WEFT_MEDIA_DIR ?? path.join(dataDir, 'media')),
    modelsDir: path.resolve(/* turbopackIgnore: true */ c.WEFT_MODELS_DIR ?? path.join(dataDir, 'models')),
  };
}

export interface ConfigDoc {
  name: ConfigName;
  section: string;
  description: string;
  /** The default as the environment would write it; null when unset means something else (see the description). */
  default: string | null;
}

/** Describes every variable, for the README's tables (`npm run docs:config`) and `--help` output. */
export function describeConfig(): ConfigDoc[] {
  return CONFIG_SECTIONS.flatMap(({ title, names }) =>
    names.map((name) => {
      const d = (CONFIG_DEFAULTS as Record<string, unknown>)[name];
      return { name, section: title, description: schema.shape[name].description ?? '', default: d === undefined ? null : String(d) };
    }),
  );
}

let cached: Config | undefined;
/**
 * The configuration of this process's environment. Read by the entries only (lib/server/boot.ts), which
 * build the dependencies from it; everything else gets it from them.
 */
export function configFromEnv(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

