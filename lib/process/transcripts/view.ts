import { findCaptionTrack } from '../captions/service';
import { WeftError } from '../../platform/errors';
import type { Analysis } from '../analysis/analyze';
import { findAnalysis } from '../analysis/service';
import type { Db } from '../../platform/db/client';
import type { VideoRow } from '../../videos/repo';
import { toPlainText, toSrt, toWebVtt } from './formats';
import { findTranscript, type TranscriptRow } from './service';

export interface TranscriptView {
  status: TranscriptRow['status'] | 'none';
  language: string | null;
  model: string | null;
  progress: number | null;
  segments: TranscriptRow['segments'];
  error: string | null;
  /** Summary, action items, sentiment, chapters and a title suggestion, once the transcript is done. */
  analysis: Analysis | null;
}

/**
 * The transcript as this caller may see it: a failure's reason and the model's name are for the
 * owner and admins (`canManage`); a viewer learns only that there is no transcript.
 */
export function transcriptView(row: TranscriptRow | null, analysis: Analysis | null, opts: { canManage: boolean }): TranscriptView {
  if (!row) return { status: 'none', language: null, model: null, progress: null, segments: [], error: null, analysis: null };
  return {
    status: row.status,
    language: row.language,
    model: opts.canManage ? row.model : null,
    progress: row.progress,
    segments: row.segments,
    error: opts.canManage ? row.error : null,
    analysis,
  };
}

const FILES: Record<string, { type: string; ext: string; render: (s: TranscriptRow['segments']) => string }> = {
  vtt: { type: 'text/vtt; charset=utf-8', ext: 'vtt', render: toWebVtt },
  srt: { type: 'application/x-subrip; charset=utf-8', ext: 'srt', render: toSrt },
  txt: { type: 'text/plain; charset=utf-8', ext: 'txt', render: toPlainText },
};

/**
 * The transcript of a video the caller may watch, in the asked format; null for an unknown format.
 * `lang`: the captions in another language instead (404 until that track is done).
 */
export async function transcriptResponse(db: Db, video: VideoRow, format: string, opts: { canManage: boolean; lang?: string | null }): Promise<Response | null> {
  if (opts.lang) {
    const f = FILES[format === 'json' ? 'vtt' : format];
    if (!f && format !== 'json') return null;
    const track = await findCaptionTrack(db, video.id, opts.lang);
    if (!track || track.status !== 'done' || track.outputVersion !== video.outputVersion) {
      throw new WeftError('not_found', `No ${opts.lang} captions for this video (yet).`);
    }
    if (format === 'json') {
      return new Response(JSON.stringify({ lang: track.lang, source: track.source, segments: track.segments }), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
    }
    const name = (video.title || 'captions').replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'captions';
    return new Response(f!.render(track.segments), {
      headers: { 'content-type': f!.type, 'cache-control': 'no-store', ...(format === 'vtt' ? {} : { 'content-disposition': `attachment; filename="${name}.${track.lang}.${f!.ext}"` }) },
    });
  }
  const row = await findTranscript(db, video.id);
  if (format === 'json') {
    const analysis = row?.status === 'done' ? await findAnalysis(db, video.id) : null;
    return new Response(JSON.stringify(transcriptView(row, analysis, opts)), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  }
  const f = FILES[format];
  if (!f) return null;
  const segments = row?.status === 'done' ? row.segments : [];
  const name = (video.title || 'transcript').replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'transcript';
  return new Response(f.render(segments), {
    headers: {
      'content-type': f.type,
      'cache-control': 'no-store',
      ...(format === 'vtt' ? {} : { 'content-disposition': `attachment; filename="${name}.${f.ext}"` }),
    },
  });
}
