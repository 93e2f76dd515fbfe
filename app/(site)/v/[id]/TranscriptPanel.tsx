'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDuration } from '@/lib/shared/format';
import type { TranscriptView } from '@/lib/process/transcripts/view';
import { api, errorMessage } from '@/lib/shared/client';

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
}) {
  const t = transcript;
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const base = `/api/v1/videos/${videoId}/transcript`;

  const segments = useMemo(() => t?.segments ?? [], [t]);
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
                <span className="transcript-text" onClick={() => onSeek(s.start)}>
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
      {error && <p className="error small" role="alert">{error}</p>}
    </section>
  );
}
