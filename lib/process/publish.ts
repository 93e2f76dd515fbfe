/**
 * The state changes that make processed media visible. Every output lives in a versioned folder
 * (`videos/<id>/<version>/`); a version becomes visible with one UPDATE, and later additions to a
 * version (more rungs, thumbnails) are only written while that version is still the current one.
 */

import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../platform/db/client';
import { renditions, uploads, videoTranscriptions, videos } from '../platform/db/schema';
import { emitEvent } from '../platform/events/outbox';
import { enqueueJob } from '../platform/queue/payloads';
import { jobPending } from '../platform/queue/jobs';
import type { RenditionOutput } from './media/outputs';
import { versionLayout, type VersionLayout } from '../videos/layout';
import { canTransitionVideo, transitionVideo } from '../videos/lifecycle';
import type { VideoId } from '../shared/api/enums';
import { sameCuts, type Cut } from '../shared/cuts';
import { moveTranscript } from './edit/shift';

/** One transcription per video version. */
const transcribeJobKey = (videoId: VideoId, version: string) => `transcribe-video:${videoId}:${version}`;

/** Each published version is transcribed once (its times are the ones viewers play). */
async function enqueueTranscription(tx: DbOrTx, videoId: VideoId, version: string): Promise<void> {
  await enqueueJob(tx, 'transcribe-video', { videoId, version }, { dedupeKey: transcribeJobKey(videoId, version), videoId });
}

/** The owner changed the spoken language: the current version is transcribed again (once per change). */
export async function retranscribe(tx: DbOrTx, videoId: VideoId, version: string): Promise<void> {
  // the transcript shows as pending at once: viewers see a new one is coming
  await tx
    .update(videoTranscriptions)
    .set({ status: 'pending', progress: 0, updatedAt: new Date() })
    .where(and(eq(videoTranscriptions.videoId, videoId), eq(videoTranscriptions.outputVersion, version)));
  await enqueueJob(tx, 'transcribe-video', { videoId, version, reason: 'language' }, { videoId });
}

export interface SourceFacts {
  width: number;
  height: number;
  durationSec: number;
  sourceCodec: string;
  /** The cuts the version was made with (none: the whole recording). */
  cuts?: Cut[];
  /** Length of the recording before cuts, when the probe knew it. */
  sourceMs?: number | null;
}

function renditionRows(layout: VersionLayout, outputs: RenditionOutput[]) {
  return outputs.map((o) => ({
    videoId: layout.videoId,
    name: o.name,
    width: o.width,
    height: o.height,
    bandwidth: o.bandwidth,
    averageBandwidth: o.averageBandwidth,
    codecs: o.codecs,
    playlistKey: layout.key(o.uri),
    segmentCount: o.segmentCount,
    outputVersion: layout.version,
  }));
}

export type FirstPublish = { ok: true; previousVersion: string | null } | { ok: false; reason: 'deleted' | 'superseded' };

/**
 * A version with its first rendition becomes the video's output: status `playable`. With `ingest`,
 * only while that upload's live ingest is still the one in charge (the pipeline may have stopped
 * waiting for it).
 */
export async function publishFirstRendition(
  db: Db,
  p: {
    videoId: VideoId;
    version: string;
    output: RenditionOutput;
    facts: SourceFacts;
    ingest?: { uploadId: string; mode: 'copy' | 'transcode' };
  },
): Promise<FirstPublish> {
  return db.transaction(async (tx) => {
    if (p.ingest) {
      const [u] = await tx.select().from(uploads).where(eq(uploads.id, p.ingest.uploadId)).for('update');
      if (!u || u.ingestStatus !== 'running') return { ok: false, reason: 'superseded' } as const;
    }
    const [v] = await tx.select().from(videos).where(eq(videos.id, p.videoId)).for('update');
    if (!v || v.deletedAt) return { ok: false, reason: 'deleted' } as const;
    if (v.status === 'ready' || v.status === 'failed') return { ok: false, reason: 'superseded' } as const;
    const layout = versionLayout(p.videoId, p.version);
    await tx.delete(renditions).where(eq(renditions.videoId, p.videoId));
    await tx.insert(renditions).values(renditionRows(layout, [p.output]));
    const now = new Date();
    const moved = await transitionVideo(tx, p.videoId, 'playable', 'pipeline', {
      masterKey: layout.master,
      outputVersion: p.version,
      posterKey: null,
      previewKey: null,
      storyboardKey: null,
      width: p.facts.width,
      height: p.facts.height,
      durationMs: Math.round(p.facts.durationSec * 1000),
      sourceCodec: p.facts.sourceCodec,
      outputCuts: p.facts.cuts ?? [],
      ...(p.facts.sourceMs != null ? { sourceDurationMs: p.facts.sourceMs } : {}),
      playableAt: now,
      updatedAt: now,
    });
    if (!moved) throw new Error(`video ${p.videoId} cannot become playable from ${v.status}`);
    await enqueueTranscription(tx, p.videoId, p.version);
    if (p.ingest) {
      await tx
        .update(uploads)
        .set({
          ingestStatus: 'done',
          ingestVersion: p.version,
          ingestRendition: p.output.name,
          ingestMode: p.ingest.mode,
          ingestError: null,
          updatedAt: now,
        })
        .where(eq(uploads.id, p.ingest.uploadId));
    }
    return { ok: true, previousVersion: v.outputVersion && v.outputVersion !== p.version ? v.outputVersion : null } as const;
  });
}

/** Adds finished rungs to the current version; false when the version is no longer current. */
export async function addRenditions(db: Db, videoId: VideoId, version: string, outputs: RenditionOutput[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(videos).where(eq(videos.id, videoId)).for('update');
    if (!v || v.deletedAt || v.outputVersion !== version) return false;
    const names = new Set(outputs.map((o) => o.name));
    for (const name of names) {
      await tx.delete(renditions).where(and(eq(renditions.videoId, videoId), eq(renditions.name, name)));
    }
    await tx.insert(renditions).values(renditionRows(versionLayout(videoId, version), outputs));
    await tx.update(videos).set({ updatedAt: new Date() }).where(eq(videos.id, videoId));
    return true;
  });
}

/** Sets thumbnail keys on the current version; false when the version is no longer current. */
export async function setThumbnails(
  db: Db,
  videoId: VideoId,
  version: string,
  keys: { posterKey?: string; previewKey?: string; storyboardKey?: string },
): Promise<boolean> {
  const rows = await db
    .update(videos)
    .set({ ...keys, updatedAt: new Date() })
    .where(and(eq(videos.id, videoId), eq(videos.outputVersion, version), isNull(videos.deletedAt)))
    .returning({ id: videos.id });
  return rows.length > 0;
}

/** The current version is complete: status `ready`, and `video_processed` once per upload. */
export async function markReady(
  db: Db,
  p: { videoId: VideoId; version: string; uploadId: string; durationSec: number; renditionNames: string[] },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(videos).where(eq(videos.id, p.videoId)).for('update');
    if (!v || v.deletedAt || v.outputVersion !== p.version) return false;
    const now = new Date();
    const moved = await transitionVideo(tx, p.videoId, 'ready', 'pipeline', {
      durationMs: Math.round(p.durationSec * 1000),
      processingStage: null,
      processingProgress: 1,
      errorCode: null,
      errorMessage: null,
      readyAt: now,
      playableAt: v.playableAt ?? now,
      updatedAt: now,
    });
    if (!moved) return false;
    await emitProcessedIfDone(tx, p.videoId);
    return true;
  });
}

/**
 * `video_processed` comes after every step: the video is ready and its transcription (with the
 * analysis) has an outcome, or none is coming. Once per upload (the event's cause); callers hold
 * or take the video row's lock, so the two last steps cannot both miss it.
 */
export async function emitProcessedIfDone(tx: DbOrTx, videoId: VideoId, exceptJobId?: string): Promise<boolean> {
  const [v] = await tx.select().from(videos).where(eq(videos.id, videoId)).for('update');
  if (!v || v.deletedAt || v.status !== 'ready' || !v.outputVersion) return false;
  const [t] = await tx.select().from(videoTranscriptions).where(eq(videoTranscriptions.videoId, videoId));
  const settled = t && t.outputVersion === v.outputVersion && t.status !== 'pending' && t.status !== 'running';
  if (!settled) {
    // the transcription job emits when it is done
    if (await jobPending(tx, 'transcribe-video', transcribeJobKey(videoId, v.outputVersion), exceptJobId)) return false;
  }
  const [upload] = await tx.select({ id: uploads.id }).from(uploads).where(and(eq(uploads.videoId, videoId), eq(uploads.status, 'complete')));
  const renditionNames = (await tx.select({ name: renditions.name }).from(renditions).where(eq(renditions.videoId, videoId))).map((r) => r.name);
  const id = await emitEvent(tx, {
    type: 'video_processed',
    videoId,
    cause: `${videoId}:${upload?.id ?? v.outputVersion}`,
    payload: { uploadId: upload?.id ?? null, renditions: renditionNames, durationMs: v.durationMs, transcript: t?.status ?? null },
  });
  return id !== null;
}

export type FullPublish = { ok: true; previousVersion: string | null } | { ok: false };

/**
 * A complete new version (re-processing, e.g. after a trim) replaces the current one at once:
 * renditions, thumbnails and status switch in one transaction.
 */
export async function publishFullVersion(
  db: Db,
  p: {
    videoId: VideoId;
    version: string;
    uploadId: string;
    outputs: RenditionOutput[];
    facts: SourceFacts;
    thumbnails: { posterKey: string | null; previewKey: string | null; storyboardKey: string | null };
  },
): Promise<FullPublish> {
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(videos).where(eq(videos.id, p.videoId)).for('update');
    if (!v || v.deletedAt) return { ok: false } as const;
    // the cuts changed meanwhile: a newer job makes the next version
    if (!sameCuts(v.cuts, p.facts.cuts ?? [])) return { ok: false } as const;
    if (!canTransitionVideo(v.status, 'ready', 'pipeline')) return { ok: false } as const;
    const layout = versionLayout(p.videoId, p.version);
    await tx.delete(renditions).where(eq(renditions.videoId, p.videoId));
    await tx.insert(renditions).values(renditionRows(layout, p.outputs));
    const now = new Date();
    await transitionVideo(tx, p.videoId, 'ready', 'pipeline', {
      masterKey: layout.master,
      outputVersion: p.version,
      ...p.thumbnails,
      width: p.facts.width,
      height: p.facts.height,
      durationMs: Math.round(p.facts.durationSec * 1000),
      sourceCodec: p.facts.sourceCodec,
      outputCuts: p.facts.cuts ?? [],
      ...(p.facts.sourceMs != null ? { sourceDurationMs: p.facts.sourceMs } : {}),
      processingStage: null,
      processingProgress: 1,
      errorCode: null,
      errorMessage: null,
      playableAt: v.playableAt ?? now,
      readyAt: now,
      updatedAt: now,
    });
    // cut further: the transcript moves with the cut; otherwise the new version is transcribed
    const moved = await moveTranscript(tx, p.videoId, { version: v.outputVersion, cuts: v.outputCuts }, { version: p.version, cuts: p.facts.cuts ?? [] });
    if (!moved) await enqueueTranscription(tx, p.videoId, p.version);
    await emitEvent(tx, {
      type: 'video_processed',
      videoId: p.videoId,
      cause: `${p.videoId}:${p.uploadId}`,
      payload: { uploadId: p.uploadId, renditions: p.outputs.map((o) => o.name), durationMs: Math.round(p.facts.durationSec * 1000) },
    });
    return { ok: true, previousVersion: v.outputVersion && v.outputVersion !== p.version ? v.outputVersion : null } as const;
  });
}

/** The live ingest of an upload starts (again, after a retry); false when it is no longer wanted. */
export async function startIngest(db: Db, uploadId: string): Promise<boolean> {
  const rows = await db
    .update(uploads)
    .set({ ingestStatus: 'running', ingestError: null, updatedAt: new Date() })
    .where(and(eq(uploads.id, uploadId), inArray(uploads.ingestStatus, ['pending', 'running'])))
    .returning({ id: uploads.id });
  return rows.length > 0;
}

/** The live ingest gave up; the pipeline makes the first rendition itself. */
export async function failIngest(db: Db, uploadId: string, reason: string): Promise<void> {
  await db
    .update(uploads)
    .set({ ingestStatus: 'failed', ingestError: reason.slice(0, 500), updatedAt: new Date() })
    .where(and(eq(uploads.id, uploadId), eq(uploads.ingestStatus, 'running')));
}

/**
 * A recording watched while it goes on: the live ingest's version (a growing playlist) becomes the
 * video's stream before the video is playable — only while nothing else was published. The status
 * stays what it is (`uploading`, `processing`); publishing the first rendition makes it `playable`.
 */
export async function publishLiveVersion(db: Db, videoId: VideoId, version: string): Promise<boolean> {
  const layout = versionLayout(videoId, version);
  const rows = await db
    .update(videos)
    .set({ masterKey: layout.master, outputVersion: version, outputCuts: [], updatedAt: new Date() })
    .where(and(eq(videos.id, videoId), inArray(videos.status, ['uploading', 'processing']), isNull(videos.outputVersion), isNull(videos.playableAt), isNull(videos.deletedAt)))
    .returning({ id: videos.id });
  return rows.length > 0;
}

/** The live version will not be published (its ingest stepped aside): the video has no stream until the pipeline makes one. */
export async function withdrawLiveVersion(db: Db, videoId: VideoId, version: string): Promise<void> {
  await db
    .update(videos)
    .set({ masterKey: null, outputVersion: null, updatedAt: new Date() })
    .where(and(eq(videos.id, videoId), eq(videos.outputVersion, version), inArray(videos.status, ['uploading', 'processing'])));
}
