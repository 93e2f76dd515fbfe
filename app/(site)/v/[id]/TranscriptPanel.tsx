'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDuration } from '@/lib/shared/format';
import type { TranscriptView } from '@/lib/process/transcripts/view';
import { api, errorMessage } from '@/lib/shared/client';
import { timeAtChar } from '@/lib/shared/edit-suggestions';
import CaptionLanguages from './CaptionLanguages';

/** Languages offered to the owner (Whisper knows 99; these are the most spoken). */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'da', 'no', 'fi', 'cs', 'tr', 'ru', 'uk', 'ar', 'hi', 'ja', 'ko', 'zh'];

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The transcript beside the player: segments with times (click to seek), the one being spoken
 * highlighted, downloads, and — for the owner — corrections in place.
 */
export default function TranscriptPanel({
  videoId,
  query,
  transcript,
  onChange,
  time,
  canManage,
  language,
  onRetranscribe,
  onSeek,
  onCutWords,
}: {
  videoId: string;
  transcript: TranscriptView | null;
  onChange(next: TranscriptView): void;
  /** `?token=…` when watching through a share link, else ''. */
  query: string;
  time: number;
  canManage: boolean;
  /** The spoken language the owner set; null: detected. */
  language: string | null;
  /** A new transcription was asked for (the language changed). */
  onRetranscribe(): void;
  onSeek(seconds: number): void;
  /** Owners: the words selected in the transcript, as a range to cut (seconds of the version playing). */
  onCutWords?(range: { start: number; end: number; why: string }): void;
}) {
  const t = transcript;
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const base = `/api/v1/videos/${videoId}/transcript`;

  const segments = useMemo(() => t?.segments ?? [], [t]);
  const [selected, setSelected] = useState<{ start: number; end: number; text: string } | null>(null);

  // owners: the words selected in the transcript become a range to cut (whole words)
  useEffect(() => {
    if (!onCutWords) return;
    const read = () => {
      const sel = document.getSelection();
      if (!sel || sel.isCollapsed || !list.current) return setSelected(null);
      const spot = (node: Node | null, offset: number) => {
        const el = (node?.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null))?.closest<HTMLElement>('[data-segment]');
        if (!el || !list.current?.contains(el)) return null;
        return { index: Number(el.dataset.segment), offset: node?.nodeType === Node.TEXT_NODE ? offset : 0 };
      };
      let a = spot(sel.anchorNode, sel.anchorOffset);
      let b = spot(sel.focusNode, sel.focusOffset);
      if (!a || !b) return setSelected(null);
      if (b.index < a.index || (b.index === a.index && b.offset < a.offset)) [a, b] = [b, a];
      const sa = segments[a.index];
      const sb = segments[b.index];
      if (!sa || !sb) return setSelected(null);
      const start = timeAtChar(sa, a.offset, 'start');
      const end = timeAtChar(sb, Math.max(0, b.offset - 1), 'end');
      const text = sel.toString().trim();
      setSelected(end - start >= 0.05 && text ? { start, end, text } : null);
    };
    document.addEventListener('selectionchange', read);
    return () => document.removeEventListener('selectionchange', read);
  }, [segments, onCutWords]);
  const current = segments.findIndex((s) => time >= s.start && time < s.end);

  useEffect(() => {
    if (current < 0 || editing !== null) return;
    const el = list.current?.children[current] as HTMLElement | undefined;
    el?.scrollIntoView({ block: 'nearest' });
  }, [current, editing]);

  async function save(index: number) {
    setError(null);
    try {
      onChange(await api.call('editSegment', { params: { id: videoId, index }, body: { text: draft } }));
      setEditing(null);
    } catch (e) {
      setError(errorMessage(e, 'Could not save.'));
    }
  }

  // the owner's choice shows at once (the video's change feed carries status and progress, not this)
  const [picked, setChosen] = useState<string | null | undefined>(undefined);
  const chosen = picked === undefined ? language : picked;

  async function setLanguage(code: string | null) {
    setError(null);
    const before = chosen;
    setChosen(code);
    try {
      await api.call('updateVideo', { params: { id: videoId }, body: { language: code } });
    } catch (e) {
      setChosen(before ?? null);
      return setError(errorMessage(e, 'Could not change the language.'));
    }
    onRetranscribe();
  }

  const sep = query ? '&' : '?';
  const spoken = chosen ?? t?.language ?? null;
  return (
    <section className="panel transcript" aria-labelledby="transcript-title" data-testid="transcript-panel">
      <div className="transcript-head">
        <h2 id="transcript-title">Transcript</h2>
        {canManage ? (
          <label className="transcript-language small muted">
            <select
              value={chosen ?? ''}
              onChange={(e) => void setLanguage(e.target.value || null)}
              data-testid="transcript-language"
              aria-label="Spoken language"
            >
              <option value="">{t?.language && !chosen ? `Detected: ${languageName(t.language)}` : 'Detect the language'}</option>
              {LANGUAGES.map((code) => (
                <option key={code} value={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          spoken && <span className="small muted">{languageName(spoken)}</span>
        )}
        {t?.status === 'done' && segments.length > 0 && (
          <div className="transcript-actions">
            <button type="button" className="button button-small" onClick={() => void navigator.clipboard?.writeText(segments.map((s) => s.text).join('\n'))}>
              Copy
            </button>
            {(['txt', 'srt', 'vtt'] as const).map((f) => (
              <a key={f} className="button button-small" href={`${base}${query}${sep}format=${f}`} download data-testid={`transcript-download-${f}`}>
                .{f}
              </a>
            ))}
          </div>
        )}
      </div>
      {!t || t.status === 'none' || t.status === 'pending' || t.status === 'running' ? (
        <p className="muted small" data-testid="transcript-state">
          {t?.status === 'running'
            ? `Transcribing… ${Math.round((t.progress ?? 0) * 100)}%`
            : t?.status === 'pending'
              ? 'Waiting to transcribe…'
              : 'The transcript follows once the video plays.'}
        </p>
      ) : t.status !== 'done' ? (
        <p className="muted small" data-testid="transcript-state">
          {t.status === 'no_audio'
            ? 'No transcript: this video has no sound.'
            : t.status === 'no_speech'
              ? 'No transcript: nothing is said in this video.'
              : t.error
                ? `No transcript: ${t.error}`
                : 'No transcript is available for this video.'}
        </p>
      ) : segments.length === 0 ? (
        <p className="muted small" data-testid="transcript-state">No words were recognised.</p>
      ) : (
        <ol className="transcript-list" ref={list} data-testid="transcript-segments">
          {segments.map((s, i) => (
            <li key={`${i}-${s.start}`} className={i === current ? 'current' : undefined} aria-current={i === current ? 'true' : undefined}>
              <button type="button" className="transcript-time" onClick={() => onSeek(s.start)} aria-label={`Play from ${formatDuration(s.start * 1000)}`}>
                {formatDuration(s.start * 1000)}
              </button>
              {editing === i ? (
                <form
                  className="transcript-edit"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void save(i);
                  }}
                >
                  <input value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="Segment text" autoFocus />
                  <button type="submit" className="button button-small button-primary">Save</button>
                  <button type="button" className="button button-small" onClick={() => setEditing(null)}>Cancel</button>
                </form>
              ) : (
                <span className="transcript-text" data-segment={i} onClick={() => (document.getSelection()?.isCollapsed === false ? undefined : onSeek(s.start))}>
                  {s.text}
                </span>
              )}
              {canManage && editing !== i && (
                <button
                  type="button"
                  className="transcript-edit-button"
                  aria-label={`Correct the text at ${formatDuration(s.start * 1000)}`}
                  onClick={() => {
                    setEditing(i);
                    setDraft(s.text);
                  }}
                >
                  Edit
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {t?.status === 'done' && segments.length > 0 && <CaptionLanguages videoId={videoId} query={query} spoken={t.language} canManage={canManage} />}
      {selected && onCutWords && (
        <div className="transcript-cut row" data-testid="transcript-cut-bar">
          <span className="small muted">
            “{selected.text.length > 60 ? `${selected.text.slice(0, 57)}…` : selected.text}” · {formatDuration(selected.start * 1000)}–{formatDuration(selected.end * 1000)}
          </span>
          <button
            type="button"
            className="button button-small"
            data-testid="transcript-cut"
            onClick={() => {
              onCutWords({ start: selected.start, end: selected.end, why: 'words' });
              document.getSelection()?.removeAllRanges();
              setSelected(null);
            }}
          >
            Mark these words to cut
          </button>
        </div>
      )}
      {error && <p className="error small" role="alert">{error}</p>}
    </section>
  );
}
