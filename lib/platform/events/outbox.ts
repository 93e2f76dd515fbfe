import { and, lt, sql } from 'drizzle-orm';
import { events, type EventType } from '../db/schema';
import type { DbOrTx } from '../db/client';
import { enqueueConsumer } from '../queue/payloads';
import type { VideoId } from '../../shared/api/enums';
import { systemClock, type Clock } from '../clock';

/**
 * Who consumes each event. An event is written to the outbox in the caller's transaction together
 * with one job per consumer, so the state change, the event and its delivery commit or vanish together.
 */
export const EVENT_CONSUMERS: Record<EventType, readonly string[]> = {
  recording_completed: ['watch-upload'],
  raw_video_uploaded: ['process-video'],
  video_processed: ['notify-ready'],
};

export interface EmitEvent {
  type: EventType;
  videoId: VideoId;
  /** What caused it (an upload id, a session id…): the same cause never emits twice. */
  cause: string;
  payload?: Record<string, unknown>;
  /** Per-consumer delay (e.g. a watchdog). */
  delayMs?: Partial<Record<string, number>>;
}

/** Returns the event id, or null when this cause had already emitted the event. */
export async function emitEvent(tx: DbOrTx, e: EmitEvent): Promise<string | null> {
  const payload = { ...(e.payload ?? {}), videoId: e.videoId };
  const [row] = await tx
    .insert(events)
    .values({ type: e.type, videoId: e.videoId, payload, dedupeKey: `${e.type}:${e.cause}` })
    .onConflictDoNothing({ target: events.dedupeKey })
    .returning({ id: events.id });
  if (!row) return null;
  for (const kind of EVENT_CONSUMERS[e.type]) {
    const delay = e.delayMs?.[kind] ?? 0;
    await enqueueConsumer(tx, kind, { ...payload, eventId: row.id, event: e.type }, {
      dedupeKey: `${kind}:${row.id}`,
      videoId: e.videoId,
      runAt: new Date(Date.now() + delay),
    });
  }
  return row.id;
}

/**
 * Retention: events older than `days` whose consumers have all finished are deleted. Their jobs'
 * dedupe keys are deleted with the jobs' own retention, so the same cause could emit again only
 * after both are gone.
 */
export async function pruneDeliveredEvents(db: DbOrTx, days: number, clock: Clock = systemClock): Promise<number> {
  const cutoff = new Date(clock.now() - days * 86_400_000);
  const rows = await db
    .delete(events)
    .where(
      and(
        lt(events.createdAt, cutoff),
        sql`not exists (select 1 from pgboss.job j where j.data->>'eventId' = ${events.id}::text and j.state in ('created', 'retry', 'active'))`,
      ),
    )
    .returning({ id: events.id });
  return rows.length;
}
