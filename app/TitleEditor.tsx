'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';

/**
 * A video's title, renamed in place by its manager: the pencil (or F2 on the title) opens a field;
 * Enter saves, Escape puts the old title back. An empty title is not saved.
 */
export default function TitleEditor({
  videoId,
  title,
  canEdit,
  as: Tag = 'h1',
  className,
  href,
  onRenamed,
}: {
  videoId: string;
  title: string;
  canEdit: boolean;
  as?: 'h1' | 'div';
  className?: string;
  /** The title links here (a library card). */
  href?: string;
  onRenamed?: (title: string) => void;
}) {
  const [current, setCurrent] = useState(title);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // a title changed elsewhere (the suggested title, another tab) shows unless a rename is being typed
  const [seen, setSeen] = useState(title);
  if (title !== seen && !editing) {
    setSeen(title);
    setCurrent(title);
    setDraft(title);
  }

  async function save() {
    const next = draft.trim();
    if (!next || next === current) {
      setEditing(false);
      setDraft(current);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const v = await api.call('updateVideo', { params: { id: videoId }, body: { title: next } });
      setCurrent(v.title);
      setDraft(v.title);
      setEditing(false);
      onRenamed?.(v.title);
      requestAnimationFrame(() => editButton.current?.focus());
    } catch (e) {
      setError(errorMessage(e, 'Could not rename the video.'));
    } finally {
      setBusy(false);
    }
  }

  if (editing) {
    return (
      <form
        className="title-edit"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          autoFocus
          value={draft}
          maxLength={200}
          aria-label="Video title"
          data-testid="video-title-input"
          onChange={(e) => setDraft(e.target.value)}
          onFocus={(e) => e.currentTarget.select()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              setEditing(false);
              setDraft(current);
              setError(null);
            }
          }}
        />
        <button type="submit" className="button button-primary button-small" disabled={busy} data-testid="video-title-save">
          Save
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setEditing(false);
            setDraft(current);
            setError(null);
          }}
        >
          Cancel
        </button>
        {error && (
          <span className="error-text small" role="alert">
            {error}
          </span>
        )}
      </form>
    );
  }
  return (
    <div className="title-line">
      <Tag className={className} data-testid="video-title" title={current}>
        {href ? <Link href={href}>{current}</Link> : current}
      </Tag>
      {canEdit && (
        <button ref={editButton} type="button" className="icon-button" aria-label={`Rename “${current}”`} title="Rename" data-testid="video-title-edit" onClick={() => setEditing(true)}>
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <path d="M13.6 3.2a2 2 0 0 1 2.8 2.8l-9.1 9.1-3.7.9.9-3.7 9.1-9.1z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
          </svg>
        </button>
      )}
    </div>
  );
}
