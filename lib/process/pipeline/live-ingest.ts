import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../platform/db/client';
import { writeMasterPlaylist } from '../media/hls';
import { canCopyStream, MAX_KEYFRAME_GAP_SECONDS } from '../media/keyframes';
import { measureRendition } from '../media/outputs';
import { probeMedia } from '../media/probe';
import { tailUpload } from '../media/tail';
import type { GrowingObject } from '../../platform/storage';
import { fasterPreset, runHls } from '../media/transcode';
import { log } from '../../platform/log';
import { findUpload, liveUploadState } from '../../record/uploads/service';
import { failIngest, publishFirstRendition, publishLiveVersion, startIngest, withdrawLiveVersion } from '../publish';
import { dropReplaced } from './first-rendition';
import { OUTPUT_FILES, versionLayout } from '../../videos/layout';
import { publishWhileRecording, type LivePublisher } from './live-playlist';
import { copyRung, firstEncodedRung, LIVE_TRANSCODE_MAX_RESOLUTION, newVersion, SEGMENT_SECONDS, shapeOf } from './renditions';
import type { MediaDeps, StepContext } from './types';
import type { VideoId } from '../../shared/api/enums';

/** How long a live upload may pause (network trouble, a laptop lid) before its ingest gives up. */
const IDLE_TIMEOUT_MS = 20 * 60_000;
/** x264 preset of the live rung (at most): 1.45× less CPU than veryfast for a VP8 1080p source, so it keeps up. */
const LIVE_PRESET = 'superfast';
/** Enough of the file for ffprobe to read the container header (MP4 moov, WebM Tracks). */
const HEADER_BYTES = 32 * 1024;

/** Up to this much of the start is probed (what has arrived of it). */
const PROBE_BYTES = 1024 * 1024;

/** The first bytes of the upload, once enough of them have arrived for ffprobe to read the header. */
async function waitForHeader(db: Db, source: GrowingObject, uploadId: string, signal: AbortSignal): Promise<Buffer> {
  const started = Date.now();
  const parts: Uint8Array[] = [];
  let have = 0;
  for (;;) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    for (;;) {
      const bytes = await source.read(have, PROBE_BYTES - have);
      if (bytes.length === 0) break;
      parts.push(bytes);
      have += bytes.length;
      if (have >= PROBE_BYTES) break;
    }
    if (have >= HEADER_BYTES) return Buffer.concat(parts);
    const state = await liveUploadState(db, uploadId);
    if (state.kind === 'gone') throw new Error(state.reason);
    if (state.kind === 'complete') {
      if (state.size === 0) throw new Error('the upload is empty');
      if (have >= state.size) return Buffer.concat(parts);
    }
    if (Date.now() - started > IDLE_TIMEOUT_MS) throw new Error('no bytes arrived');
    await new Promise((r) => setTimeout(r, 150));
  }
}

function containerOf(head: Buffer): 'mp4' | 'matroska' | null {
  if (head.length < 8) return null;
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') return 'mp4';
  if (head.readUInt32BE(0) === 0x1a45dfa3) return 'matroska';
  return null;
}

/**
 * Progressive ingest: while a recording uploads, its bytes are followed and turned into one HLS
 * rendition (H.264: video copied, audio to AAC; anything else: one rung transcoded at ≤ 720p), so
 * that at Stop only the tail is left. The result is published as the video's first version
 * (status `playable`); the pipeline adds the other rungs. Any failure here is not the video's:
 * the ingest steps aside and the pipeline makes the first rendition from the complete file.
 */
export async function ingestLive(ctx: StepContext, deps: MediaDeps, job: { videoId: VideoId; uploadId: string }): Promise<void> {
  const { db, signal } = ctx;
  const { uploadId, videoId } = job;
  if (!(await startIngest(db, uploadId))) return;
  const label = `ingest-${uploadId}`;
  await deps.storage.scratch.clear(label);
  const scratch = await deps.storage.scratch.make(label);
  const started = Date.now();
  // the version is named up front: on a bucket, its segments go up while they are written
  const layout = versionLayout(videoId, newVersion());
  let follower: LivePublisher | null = null;
  let live = false;
  try {
    const upload = await findUpload(db, uploadId);
    if (!upload) return;
    const headSource = deps.storage.uploads.openGrowing(uploadId);
    const head = await waitForHeader(db, headSource, uploadId, signal).finally(() => headSource.close());
    const container = containerOf(head);
    if (!container) throw new Error('not an MP4 or WebM stream');
    const headFile = path.join(scratch, 'head.bin');
    await fsp.writeFile(headFile, head);
    const probe = await probeMedia(deps.config.FFPROBE_PATH, headFile, signal);
    await fsp.rm(headFile, { force: true });
    const src = probe.video;
    if (!src) throw new Error('no video stream');
    const shape = shapeOf(src);
    const copy = canCopyStream(src);
    const rung = copy ? copyRung(shape) : firstEncodedRung(shape, LIVE_TRANSCODE_MAX_RESOLUTION);
    const hasAudio = probe.audio !== null;
    // viewers of the link watch it while it is recorded (a growing playlist)
    follower = publishWhileRecording({
      storage: deps.storage,
      localDir: scratch,
      prefix: layout.prefix,
      rung,
      onLive: async () => {
        live = await publishLiveVersion(db, videoId, layout.version);
        if (live) log.info('live: watchable while recording', { videoId, ms: Date.now() - started });
      },
    });
    await runHls(
      deps.config.FFMPEG_PATH,
      {
        input: 'pipe:0',
        inputFormat: container,
        outDir: scratch,
        outputs: [{ rung, copy }],
        hasAudio,
        // the live rung must keep up with the recording on a busy machine
        preset: fasterPreset(deps.config.WEFT_FFMPEG_PRESET, LIVE_PRESET),
        aacCoder: 'fast',
        segmentSeconds: SEGMENT_SECONDS,
        keyframes: 'grid',
        playlistType: 'event',
      },
      {
        durationSec: null,
        signal,
        feed: async (stdin) => {
          await tailUpload(stdin, { source: deps.storage.uploads.openGrowing(uploadId), state: () => liveUploadState(db, uploadId), idleTimeoutMs: IDLE_TIMEOUT_MS, signal });
        },
      },
    );
    const output = await measureRendition(deps.config.FFPROBE_PATH, path.join(scratch, rung.name), rung, hasAudio);
    if (copy && output.maxSegmentSec > MAX_KEYFRAME_GAP_SECONDS) {
      throw new Error(`the recording's keyframes are ${output.maxSegmentSec.toFixed(1)} s apart; it must be re-encoded`);
    }
    const uploaded = await follower.finish();
    // complete now: the playlist a player on the live one reads its end from
    const rungPlaylist = path.join(scratch, rung.name, 'index.m3u8');
    await fsp.writeFile(rungPlaylist, (await fsp.readFile(rungPlaylist, 'utf8')).replace('#EXT-X-PLAYLIST-TYPE:EVENT', '#EXT-X-PLAYLIST-TYPE:VOD'));
    await fsp.writeFile(path.join(scratch, OUTPUT_FILES.master), writeMasterPlaylist([output]));
    await deps.storage.objects.publishDir(scratch, layout.prefix, uploaded);
    const res = await publishFirstRendition(db, {
      videoId,
      version: layout.version,
      output,
      facts: { width: shape.width, height: shape.height, durationSec: output.durationSec, sourceCodec: src.codec },
      ingest: { uploadId, mode: copy ? 'copy' : 'transcode' },
    });
    if (!res.ok) {
      await deps.storage.objects.deletePrefix(layout.prefix);
      return;
    }
    await dropReplaced(deps, layout, res.previousVersion);
    // the chunks a bucket kept readable for this ingest are not needed any more
    if (deps.storage.kind === 's3') await deps.storage.objects.deletePrefix(`${upload.storageKey}.live`);
    log.info('live ingest published', { videoId, mode: copy ? 'copy' : 'transcode', rung: rung.name, ms: Date.now() - started });
  } catch (e) {
    // segments that went up early belong to a version that will never be published
    if (follower && (await follower.finish()).size > 0) {
      if (live) await withdrawLiveVersion(db, videoId, layout.version).catch(() => undefined);
      await deps.storage.objects.deletePrefix(layout.prefix).catch(() => undefined);
    }
    if (signal.aborted) throw e; // the worker stops or lost the lease: a retry starts over
    const reason = e instanceof Error ? e.message : String(e);
    log.warn('live ingest stepped aside', { videoId, uploadId, reason });
    await failIngest(db, uploadId, reason);
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}

/** The live ingest failed for good: the pipeline makes the first rendition from the complete file. */
export async function liveIngestFailed(db: Db, uploadId: string, reason: string): Promise<void> {
  await failIngest(db, uploadId, reason);
}
