import { parseCdns, type CdnConfig } from './streaming/cdn';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every variable is described; a bad value stops start-up with one
 * message that names the variable.
 */
const schema = z.object({
  WEFT_DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe('Folder for the embedded database (db/) and local media storage (media/).'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL connection URL. Unset: the embedded PGlite database in $WEFT_DATA_DIR/db.'),
  WEFT_STORAGE: z
    .enum(['disk', 's3'])
    .default('disk')
    .describe('Where media bytes live. "disk": $WEFT_MEDIA_DIR (one machine, or a folder every node mounts). "s3": an S3-compatible bucket (WEFT_S3_*).'),
  WEFT_MEDIA_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('Media folder for disk storage; with S3 only local scratch work goes here (default $WEFT_DATA_DIR/media).'),
  WEFT_S3_ENDPOINT: z.string().url().optional().describe('S3 endpoint URL (MinIO, Ceph, R2…). Unset: AWS S3 for WEFT_S3_REGION.'),
  WEFT_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)')
    .optional()
    .describe('The bucket for every media object (uploads, HLS, thumbnails). Created on first use when missing. Required with WEFT_STORAGE=s3.'),
  WEFT_S3_REGION: z.string().min(1).default('us-east-1').describe('The region of the bucket (any value for most self-hosted stores).'),
  WEFT_S3_ACCESS_KEY_ID: z.string().min(1).optional().describe('S3 access key. Unset: the AWS default credential chain.'),
  WEFT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('S3 secret key.'),
  WEFT_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .describe('"true": bucket in the path (http://host/bucket/key), as MinIO and most self-hosted stores need.'),
  WEFT_MEDIA_DELIVERY: z
    .enum(['proxy', 'direct'])
    .default('proxy')
    .describe('"proxy": viewers get media through this server\'s media origin. "direct" (S3 only): playlists come from the origin, segments and images straight from the bucket (or a CDN in front of it) by presigned URL.'),
  WEFT_WORKERS: z
    .enum(['inline', 'off'])
    .default('inline')
    .describe('"inline": the server process runs the job workers; "off": web only, run `npm run worker` elsewhere.'),
  WEFT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2).describe('Jobs one worker process runs at once.'),
  WEFT_INGEST_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(4)
    .describe('Recordings one worker process turns into HLS while they upload (0: none; the pipeline then does it after the upload).'),
  WEFT_JOB_POLL_MS: z.coerce
    .number()
    .int()
    .min(20)
    .max(60_000)
    .default(500)
    .describe('How often an idle worker looks for jobs when nothing woke it (at least 500 ms; a new job wakes workers at once).'),
  WEFT_JOB_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3600)
    .default(60)
    .describe('A running job whose worker sent no heartbeat for this long is retried on another worker (pg-boss heartbeat, at least 10).'),
  WEFT_JOB_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(14)
    .describe('Finished jobs and delivered events are deleted after this many days.'),
  FFMPEG_PATH: z.string().min(1).default('ffmpeg').describe('The ffmpeg binary.'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe').describe('The ffprobe binary.'),
  WEFT_FFMPEG_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'])
    .default('veryfast')
    .describe('x264 preset for the HLS ladder.'),
  WEFT_TRANSCRIBE: z.enum(['on', 'off']).default('on').describe('Transcribe videos with Whisper after they become playable.'),
  WEFT_WHISPER_MODEL: z
    .string()
    .min(1)
    .default('onnx-community/whisper-base')
    .describe('Whisper model: a Hugging Face hub id (fetched into WEFT_MODELS_DIR) or a local transformers.js model folder.'),
  WEFT_WHISPER_DTYPE: z.enum(['fp32', 'q8']).default('q8').describe('Whisper weights to load: full precision or 8-bit quantized.'),
  WEFT_WHISPER_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional()
    .describe('Spoken language (ISO 639-1, e.g. "en"); unset lets the model detect it.'),
  WEFT_WHISPER_THREADS: z.coerce.number().int().min(1).max(64).default(2).describe('CPU threads one transcription uses.'),
  WEFT_MODELS_DIR: z.string().optional().describe('Where models are kept (default: <data dir>/models).'),
  WEFT_MODELS_DOWNLOAD: z
    .enum(['on', 'off'])
    .default('on')
    .describe('Fetch a missing hub model on first use (off: only models already in WEFT_MODELS_DIR).'),
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
    .describe('An unfinished upload untouched for this long is deleted.'),
  WEFT_PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('Public base URL used in share links (default: taken from each request).'),
  WEFT_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .describe('SMTP server for "your video is ready" e-mails, e.g. smtp://user:pass@mail.example.com:587 (unset: no e-mail).'),
  WEFT_MAIL_FROM: z.string().min(3).default('Weft <weft@localhost>').describe('Sender of the e-mails.'),
  WEFT_LLM_URL: z
    .string()
    .url()
    .optional()
    .describe('OpenAI-compatible API base (e.g. http://localhost:11434/v1) for richer summaries, chapters and titles. Unset: the local analysis only.'),
  WEFT_LLM_MODEL: z.string().min(1).default('default').describe('Model name sent to WEFT_LLM_URL.'),
  WEFT_LLM_API_KEY: z.string().min(1).optional().describe('Bearer key for WEFT_LLM_URL, if it needs one.'),
  WEFT_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .describe('"true": webhooks may go to private, loopback and link-local addresses (a LAN install). Default: public addresses only.'),
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
    .describe('Reverse proxies in front of Weft whose X-Forwarded-For is believed (0: the connecting address is the client).'),
  WEFT_EMBED_ORIGINS: z
    .string()
    .regex(/^\s*(https?:\/\/[^\s,/]+\s*[, ]?\s*)*$/, 'must be origins such as https://example.com, separated by spaces or commas')
    .optional()
    .describe('Sites that may embed the player (/embed/…), e.g. "https://intranet.example.com https://blog.example.com". Unset: any site.'),
  WEFT_ANALYTICS_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('Days raw playback events are kept (the per-day and per-second rollups are kept forever).'),
  WEFT_ANALYTICS_ROLLUP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60).describe('How often workers roll new playback events up into the insights.'),
  WEFT_ANALYTICS_BATCHES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(120)
    .describe('Playback-event batches one playback may send per minute (0 = no limit); a player sends about 6.'),
  WEFT_COMMENT_DIGEST_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe('The owner hears about comments once per this many seconds (one notice and e-mail per burst).'),
  WEFT_DELETE_UNDO_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(600)
    .describe('A deleted video can be restored (Undo) for this long; then its files and rows are removed.'),
  WEFT_CDNS: z
    .string()
    .optional()
    .describe('CDNs in front of the media origin: a JSON list [{name, baseUrl, weight, regions, signing: "weft"|"cloudfront"|"none", health}], or the path of a JSON file with one. Unset: media from this server.'),
  WEFT_CDN_REGION_HEADER: z
    .string()
    .default('cloudfront-viewer-country,cf-ipcountry')
    .describe("Request headers (comma-separated, first present wins) that carry the viewer's country, set by the edge."),
  WEFT_CDN_HEALTH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10).describe('How often each CDN’s health URL is checked.'),
  WEFT_EXTENSION_IDS: z
    .string()
    .regex(/^\s*([a-p]{32}\s*[, ]?\s*)*$/, 'must be Chrome extension ids (32 letters a–p), separated by spaces or commas')
    .optional()
    .describe('Browser extensions that may connect to this server (/extension/connect). Unset: the Weft extension built from this repository.'),
  WEFT_SIGNUP: z
    .enum(['open', 'closed'])
    .default('open')
    .describe('"closed": only the first account (the admin) can sign up; later accounts need an admin.'),
  WEFT_SIGNING_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('Secret for signed media URLs and password unlocks. Unset: generated once and kept in the database.'),
  WEFT_MEDIA_URL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(6 * 3600)
    .describe('How long signed media URLs stay valid (at least 3× the video length is used for long videos).'),
  WEFT_COOKIE_SECURE: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('Secure flag on cookies: "auto" sets it when the request came over HTTPS (or WEFT_PUBLIC_URL is https).'),
  WEFT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Log verbosity.'),
});

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

/** Describes every variable, for docs and `--help` output. */
export function describeConfig(): Array<{ name: string; description: string }> {
  return Object.entries(schema.shape).map(([name, s]) => ({ name, description: s.description ?? '' }));
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

