'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { VideoView } from '@/lib/videos/view';
import type { StreamInfoView as StreamInfo } from '@/lib/shared/api/contract';
import type { TranscriptView } from '@/lib/process/transcripts/view';
import type { PlayerHandle } from '@/lib/watch/browser/player/core';
import { api, errorMessage } from '@/lib/shared/client';
import { formatDuration } from '@/lib/shared/format';
import { normalizeCuts, toVersionMs, versionRangeToCuts, type Cut } from '@/lib/shared/cuts';
import { parseStoryboardVtt, type ThumbnailCue } from '@/lib/shared/storyboard-vtt';
import { proposeFillerCuts, proposeSilenceCuts } from '@/lib/shared/edit-suggestions';

/** A range of the version playing, seconds. */
export interface EditRange {
  start: number;
  end: number;
  /** Where it came from (shown in the list). */
  why?: string;
}

const TILES = 12;
const fmt = (s: number) => formatDuration(Math.max(0, s) * 1000);
const exact = (s: number) => `${fmt(s)}.${Math.floor((s % 1) * 10)}`;

/** The storyboard's tiles spread over the strip. */
function useStrip(stream: StreamInfo): { cues: ThumbnailCue[]; sheet: { w: number; h: number } } {
  const [cues, setCues] = useState<ThumbnailCue[]>([]);
  useEffect(() => {
    if (!stream.storyboard) return;
    let gone = false;
    const { track, sprite } = stream.storyboard;
    void fetch(track)
      .then((r) => (r.ok ? r.text() : ''))
      .then((text) => {
        if (!gone) setCues(parseStoryboardVtt(text, () => sprite));
      })
      .catch(() => undefined);
    return () => {
      gone = true;
    };
  }, [stream.storyboard]);
  const sheet = useMemo(() => ({ w: Math.max(1, ...cues.map((c) => c.x + c.w)), h: Math.max(1, ...cues.map((c) => c.y + c.h)) }), [cues]);
  return { cues, sheet };
}

/**
 * The owner's editor: the storyboard strip of the version playing, ranges marked on it (drag, or
 * the playhead's start and end), proposals from the transcript (pauses), a preview that skips the
 * marked ranges in the player, and Apply (PATCH cuts: a new version; this one plays until then).
 * Cuts made before are listed with Restore.
 */
export default function EditPanel({
  video,
  stream,
  handle,
  time,
  transcript,
  onSeek,
  onChanged,
  ranges,
  setRanges,
}: {
  video: VideoView;
  stream: StreamInfo;
  handle: PlayerHandle | null;
  time: number;
  transcript: TranscriptView | null;
  onSeek: (t: number) => void;
  /** The video as the server answered the change (its events then follow the work). */
  onChanged: (v: VideoView) => void;
  /** The ranges marked to cut (the page keeps them: words selected in the transcript add to them). */
  ranges: EditRange[];
  setRanges: (update: (all: EditRange[]) => EditRange[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [mark, setMark] = useState<number | null>(null);
  const [preview, setPreview] = useState(false);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const strip = useRef<HTMLDivElement>(null);
  const dragFrom = useRef<number | null>(null);
  const duration = (video.durationMs ?? 0) / 1000;
  const { cues, sheet } = useStrip(stream);
  const pending = !sameSet(video.cuts, video.appliedCuts) || video.processing.stage === 'queued' || video.processing.stage === 'cutting';
  const merged = useMemo(() => mergeRanges(ranges), [ranges]);

  // the preview plays the video as it will be: the marked ranges are jumped over
  const rangesRef = useRef(merged);
  useEffect(() => {
    rangesRef.current = merged;
  }, [merged]);
  useEffect(() => {
    if (!handle || !preview) return;
    return handle.onTime((t) => {
      const hit = rangesRef.current.find((r) => t >= r.start && t < r.end - 0.05);
      if (hit) handle.seek(Math.min(hit.end, duration));
    });
  }, [handle, preview, duration]);

  const at = (clientX: number) => {
    const box = strip.current?.getBoundingClientRect();
    if (!box || box.width === 0) return 0;
    return Math.min(duration, Math.max(0, ((clientX - box.left) / box.width) * duration));
  };
  const add = (r: EditRange) => {
    if (r.end - r.start < 0.1) return;
    setRanges((all) => [...all, r]);
    setNote(null);
  };
  const kept = duration - merged.reduce((s, r) => s + r.end - r.start, 0);

  async function apply(cuts: Cut[], done: string) {
    setBusy(true);
    setNote(null);
    try {
      onChanged(await api.call('updateVideo', { params: { id: video.id }, body: { cuts } }));
      setRanges(() => []);
      setPreview(false);
      setNote({ kind: 'ok', text: done });
    } catch (e) {
      setNote({ kind: 'error', text: errorMessage(e, 'The edit could not be saved.') });
    } finally {
      setBusy(false);
    }
  }

  const earlier = normalizeCuts(video.appliedCuts);
  const silences = transcript?.status === 'done' ? proposeSilenceCuts(transcript.segments, duration, 1.0) : [];
  const fillers = transcript?.status === 'done' ? proposeFillerCuts(transcript.segments, transcript.language) : [];

  if (!open && ranges.length === 0) {
    return (
      <section className="panel edit-panel" aria-label="Edit" style={{ marginTop: 20 }}>
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 style={{ margin: 0 }}>Edit</h2>
          <button type="button" className="button" onClick={() => setOpen(true)} data-testid="edit-open">
            Cut parts out
          </button>
        </div>
        {pending && (
          <p className="muted small" data-testid="edit-pending" aria-live="polite">
            Applying your edit — this version plays until the new one is ready ({Math.round((video.processing.progress ?? 0) * 100)} %).
          </p>
        )}
      </section>
    );
  }

  return (
    <section className="panel edit-panel" aria-label="Edit" data-testid="editor" style={{ marginTop: 20 }}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Edit</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setOpen(false);
            setRanges(() => []);
          }}
        >
          Close
        </button>
      </div>
      <p className="muted small">Drag across the strip to mark a part to cut, set its start and end at the playhead, or select words in the transcript. Nothing changes until you apply.</p>
      <div
        ref={strip}
        className="edit-strip"
        data-testid="editor-strip"
        role="presentation"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const t = at(e.clientX);
          dragFrom.current = t;
          setDrag({ from: t, to: t });
        }}
        onPointerMove={(e) => {
          const from = dragFrom.current;
          if (from !== null) setDrag({ from, to: at(e.clientX) });
        }}
        onPointerUp={(e) => {
          const from = dragFrom.current;
          dragFrom.current = null;
          setDrag(null);
          if (from === null) return;
          const to = at(e.clientX);
          const [a, b] = [Math.min(from, to), Math.max(from, to)];
          if (b - a < 0.2) onSeek(a);
          else add({ start: a, end: b });
        }}
      >
        <div className="edit-tiles" aria-hidden="true">
          {Array.from({ length: TILES }, (_, i) => {
            const t = ((i + 0.5) / TILES) * duration;
            const cue = cues.find((c) => t >= c.start && t < c.end) ?? cues[cues.length - 1];
            if (!cue) return <span key={i} className="edit-tile" />;
            const scale = 100 / cue.w; // percent of the tile per sprite pixel
            return (
              <span
                key={i}
                className="edit-tile"
                style={{
                  backgroundImage: `url(${cue.url})`,
                  backgroundSize: `${sheet.w * scale}% ${(sheet.h / cue.h) * 100}%`,
                  backgroundPosition: `${(cue.x / Math.max(1, sheet.w - cue.w)) * 100}% ${(cue.y / Math.max(1, sheet.h - cue.h)) * 100}%`,
                }}
              />
            );
          })}
        </div>
        {merged.map((r, i) => (
          <span key={i} className="edit-cut" style={{ left: `${(r.start / duration) * 100}%`, width: `${((r.end - r.start) / duration) * 100}%` }} data-testid="editor-cut" />
        ))}
        {drag && <span className="edit-cut edit-cut-drag" style={{ left: `${(Math.min(drag.from, drag.to) / duration) * 100}%`, width: `${(Math.abs(drag.to - drag.from) / duration) * 100}%` }} />}
        <span className="edit-playhead" style={{ left: `${(Math.min(time, duration) / duration) * 100}%` }} aria-hidden="true" />
      </div>
      <div className="row edit-controls">
        <span className="muted small">Playhead {exact(time)}</span>
        {mark === null ? (
          <button type="button" className="button" onClick={() => setMark(time)} data-testid="cut-start">
            Start a cut here
          </button>
        ) : (
          <>
            <span className="small">Cut from {exact(mark)}</span>
            <button
              type="button"
              className="button"
              data-testid="cut-end"
              onClick={() => {
                add({ start: Math.min(mark, time), end: Math.max(mark, time) });
                setMark(null);
              }}
            >
              End it here
            </button>
            <button type="button" className="button button-small" onClick={() => setMark(null)}>
              Cancel
            </button>
          </>
        )}
        {silences.length > 0 && (
          <button type="button" className="button" data-testid="propose-silences" onClick={() => setRanges((all) => [...all, ...silences.map((s) => ({ ...s, why: 'pause' }))])}>
            Mark pauses over 1 s ({silences.length})
          </button>
        )}
        {fillers.length > 0 && (
          <button type="button" className="button" data-testid="propose-fillers" onClick={() => setRanges((all) => [...all, ...fillers.map((f) => ({ start: f.start, end: f.end, why: `“${f.word}”` }))])}>
            Mark filler words ({fillers.length})
          </button>
        )}
      </div>
      {merged.length > 0 && (
        <ul className="edit-list" data-testid="editor-ranges">
          {merged.map((r, i) => (
            <li key={i}>
              <button type="button" className="transcript-time" onClick={() => onSeek(Math.max(0, r.start - 2))} aria-label={`Play from just before ${fmt(r.start)}`}>
                {exact(r.start)} – {exact(r.end)}
              </button>
              <span className="muted small">
                {(r.end - r.start).toFixed(1)} s{r.why ? ` · ${r.why}` : ''}
              </span>
              <button type="button" className="button button-small" onClick={() => setRanges((all) => all.filter((x) => !(x.start >= r.start && x.end <= r.end)))} aria-label={`Keep ${fmt(r.start)} to ${fmt(r.end)}`}>
                Keep
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row edit-controls">
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="checkbox" checked={preview} onChange={(e) => setPreview(e.target.checked)} disabled={merged.length === 0} data-testid="cut-preview" />
          <span>Preview: skip the marked parts</span>
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || pending || merged.length === 0}
          data-testid="cut-apply"
          onClick={() => {
            const added = merged.flatMap((r) => versionRangeToCuts(Math.round(r.start * 1000), Math.round(r.end * 1000), video.appliedCuts));
            void apply(normalizeCuts([...video.cuts, ...added]), `Cutting ${merged.length} part${merged.length > 1 ? 's' : ''}: the new version (${fmt(kept)}) replaces this one in a moment.`);
          }}
        >
          Apply cuts{merged.length > 0 ? ` (new length ${fmt(kept)})` : ''}
        </button>
        {pending && <span className="muted small">Applying your last edit…</span>}
      </div>
      {earlier.length > 0 && (
        <div className="edit-earlier">
          <h3 className="small">Cut before</h3>
          <ul className="edit-list" data-testid="editor-earlier">
            {earlier.map((c) => {
              const at = toVersionMs(c.startMs, earlier.filter((x) => x.startMs < c.startMs)) ?? 0;
              const len = Math.min(c.endMs, video.sourceDurationMs ?? c.endMs) - c.startMs;
              return (
                <li key={`${c.startMs}-${c.endMs}`}>
                  <span className="small">
                    {(len / 1000).toFixed(1)} s at {exact(at / 1000)}
                  </span>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy || pending}
                    data-testid="cut-restore"
                    onClick={() => void apply(video.cuts.filter((x) => !(x.startMs >= c.startMs && x.endMs <= c.endMs)), 'Restoring that part: the new version replaces this one when it is ready.')}
                  >
                    Restore
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {note && (
        <p className={note.kind === 'error' ? 'error small' : 'muted small'} role={note.kind === 'error' ? 'alert' : 'status'} data-testid="editor-note">
          {note.text}
        </p>
      )}
    </section>
  );
}

function mergeRanges(ranges: EditRange[]): EditRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: EditRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function sameSet(a: readonly Cut[], b: readonly Cut[]): boolean {
  return JSON.stringify(normalizeCuts(a)) === JSON.stringify(normalizeCuts(b));
}
