'use client';

import { useEffect, useState } from 'react';
import { addDraftFor, parseNotes, NOTES_KEY, type NotesStore } from '@/lib/record/browser/notes';
import { readLocal, writeLocal } from '../use-profiles';

/**
 * Speaker notes: what to say, in view while recording and never in the recording (they are on this
 * page, not on the recorded screen or in the composited picture). One set of notes per draft: the
 * draft being prepared; at Stop it is kept with its video and a new draft begins.
 */
export default function NotesPanel(props: { finishedVideoId: string | null; finishedTitle: string | null }) {
  const [store, setStore] = useState<NotesStore | null>(null);
  useEffect(() => {
    const raw = readLocal(NOTES_KEY);
    const t = setTimeout(() => setStore(parseNotes(raw)), 0);
    return () => clearTimeout(t);
  }, []);
  const save = (next: NotesStore) => {
    setStore(next);
    writeLocal(NOTES_KEY, next);
  };
  // a finished recording takes the current draft's notes with it; the next recording starts a new draft
  const { finishedVideoId, finishedTitle } = props;
  useEffect(() => {
    if (!store || !finishedVideoId || store.drafts.some((d) => d.videoId === finishedVideoId)) return;
    const t = setTimeout(() => save(addDraftFor(store, finishedVideoId, finishedTitle ?? 'Recording', Date.now())), 0);
    return () => clearTimeout(t);
  }, [store, finishedVideoId, finishedTitle]);
  if (!store) return null;
  const current = store.drafts.find((d) => d.id === store.current) ?? store.drafts[0];
  if (!current) return null;
  return (
    <details className="panel notes-panel" aria-label="Speaker notes" data-testid="speaker-notes" open>
      <summary className="row notes-head">
        <strong>Speaker notes</strong>
        <span className="muted small">Only you see these; they are never recorded.</span>
      </summary>
      {store.drafts.length > 1 && (
        <label className="row notes-draft">
          <span className="muted small">Notes of</span>
          <select value={current.id} onChange={(e) => save({ ...store, current: e.target.value })} data-testid="notes-draft">
            {store.drafts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <textarea
        value={current.text}
        rows={5}
        aria-label="Speaker notes text"
        maxLength={20_000}
        placeholder="What you want to say: points, names, numbers…"
        data-testid="notes-text"
        onChange={(e) => save({ ...store, drafts: store.drafts.map((d) => (d.id === current.id ? { ...d, text: e.target.value, updatedAt: Date.now() } : d)) })}
      />
    </details>
  );
}
