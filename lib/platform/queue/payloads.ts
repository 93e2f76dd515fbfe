import { z } from 'zod';
import type { VideoId } from '../../shared/api/enums';
import type { Db, DbOrTx } from '../db/client';
import { PermanentJobError } from '../errors';
import { enqueue, type JobRecord } from './jobs';
import type { JobContext, JobHandlerSpec } from './runner';

/**
 * Every job kind and its payload, in one registry. Jobs are enqueued through `enqueueJob` (the
 * payload is checked against its schema before it is stored) and handled through `jobHandler`
 * (the payload is parsed before the handler runs; a payload that does not fit fails the job once,
 * with the reason). Events' consumers get the event's payload: extra fields are dropped.
 */
const id = z.string().uuid();
/** A video's id: checked, then typed as one. */
const videoId = id.transform((s) => s as VideoId);
export const JOB_PAYLOADS = {
  'process-video': z.object({ videoId, uploadId: z.string().min(1), reason: z.enum(['trim', 'cuts']).optional() }),
  'ingest-live': z.object({ videoId, uploadId: z.string().min(1) }),
  'transcribe-video': z.object({ videoId, version: z.string().min(1), reason: z.enum(['language']).optional() }),
  'analyze-video': z.object({ videoId }),
  'watch-upload': z.object({ videoId, sessionId: id }),
  'notify-ready': z.object({ videoId, eventId: z.string().min(1).optional() }),
  'deliver-webhook': z.object({ deliveryId: z.string().min(1) }),
  'purge-video': z.object({ videoId }),
  'translate-captions': z.object({ videoId, lang: z.string().regex(/^[a-z]{2,3}$/) }),
  'drop-version': z.object({ videoId, version: z.string().min(1).max(64) }),
  'notify-comment': z.object({ videoId, commentId: id }),
} as const;

export type JobKind = keyof typeof JOB_PAYLOADS;
export type JobPayload<K extends JobKind> = z.output<(typeof JOB_PAYLOADS)[K]>;
/** What a caller hands to `enqueueJob` (ids as plain strings are checked). */
export type JobPayloadInput<K extends JobKind> = z.input<(typeof JOB_PAYLOADS)[K]>;

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(JOB_PAYLOADS, kind);
}

/** The payload of a stored job, checked; a malformed one is a permanent failure with the reason. */
export function parsePayload<K extends JobKind>(kind: K, raw: unknown): JobPayload<K> {
  const parsed = JOB_PAYLOADS[kind].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentJobError('bad_payload', `The ${kind} job's payload is not valid (${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}).`);
  }
  return parsed.data as JobPayload<K>;
}

export interface EnqueueOptions {
  /** Enqueueing again with the same key is a no-op; leave it out for a job that may run again (a trim, a re-analysis). */
  dedupeKey?: string;
  videoId?: VideoId | null;
  runAt?: Date;
  maxAttempts?: number;
}

/** Adds a job of a known kind (in the caller's transaction); false when its dedupe key exists already. */
export async function enqueueJob<K extends JobKind>(db: DbOrTx, kind: K, payload: JobPayloadInput<K>, opts: EnqueueOptions): Promise<boolean> {
  const checked = JOB_PAYLOADS[kind].parse(payload) as Record<string, unknown>;
  return enqueue(db, { kind, payload: checked, ...opts });
}

/** Enqueues an event's consumer with the event's payload (checked against the consumer's schema). */
export async function enqueueConsumer(db: DbOrTx, kind: string, payload: Record<string, unknown>, opts: EnqueueOptions): Promise<boolean> {
  if (isJobKind(kind)) JOB_PAYLOADS[kind].parse(payload);
  return enqueue(db, { kind, payload, ...opts });
}

export interface TypedJobContext<K extends JobKind> extends JobContext {
  payload: JobPayload<K>;
}

export interface TypedJobHandler<K extends JobKind> {
  run(ctx: TypedJobContext<K>): Promise<void>;
  /** Called once when the job has failed for good; not called for a malformed payload. */
  onFinalFailure?(payload: JobPayload<K>, db: Db, error: { code: string; message: string }, job: JobRecord): Promise<void>;
}

/** A handler for one kind, with its payload parsed and typed. */
export function jobHandler<K extends JobKind>(kind: K, spec: TypedJobHandler<K>): JobHandlerSpec {
  return {
    run: (ctx) => spec.run({ ...ctx, payload: parsePayload(kind, ctx.job.payload) }),
    onFinalFailure: spec.onFinalFailure
      ? async (job, db, error) => {
          const parsed = JOB_PAYLOADS[kind].safeParse(job.payload);
          if (parsed.success) await spec.onFinalFailure!(parsed.data as JobPayload<K>, db, error, job);
        }
      : undefined,
  };
}
