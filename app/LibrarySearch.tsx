'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { formatDuration } from '@/lib/shared/format';
import type { ResponseOf } from '@/lib/shared/api/contract';

type SearchHit = ResponseOf<'search'>['results'][number];
import { api } from '@/lib/shared/client';
import type { Shelf } from './LibraryGrid';

/** Search titles and transcripts; each hit links to the moment the words are said. */
export default function LibrarySearch({ onSearching, shelf }: { onSearching?: (searching: boolean) => void; shelf?: Shelf }) {
  const [q, setQ] = useState('');
  const searching = q.trim() !== '';
  useEffect(() => onSearching?.(searching), [searching, onSearching]);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) return;
    const controller = new AbortController();
    const t = setTimeout(() => {
      void api
        .call('search', {
          query: { q: query, ...(shelf ? { scope: shelf.scope, ...(shelf.workspaceId ? { workspaceId: shelf.workspaceId } : {}), ...(shelf.folderId ? { folderId: shelf.folderId } : {}) } : {}) },
          signal: controller.signal,
        })
        .then((data) => {
          setError(null);
          setHits(data.results);
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e instanceof Error ? e.message : 'Search failed.');
        });
    }, 200);
    return () => {
      clearTimeout(t);
      controller.abort();
    };
  }, [q, shelf]);

  return (
    <>
      <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={shelf && shelf.scope !== 'mine' ? `Search ${shelf.scope === 'shared' ? 'what was shared with you' : shelf.scope === 'folder' ? `in ${shelf.name ?? 'this folder'}` : 'the workspace'}` : 'Search titles, what was said and comments'}
          aria-label={shelf?.scope === 'folder' ? `Search in ${shelf.name ?? 'this folder'}` : 'Search your videos'}
          data-testid="search-input"
        />
      </form>
      {error && <p className="error small" role="alert">{error}</p>}
      {hits && q.trim() && (
        <ul className="search-results" data-testid="search-results" aria-live="polite">
          {hits.length === 0 && (
            <li className="panel empty small" data-testid="search-empty">
              Nothing found for “{q.trim()}”. Clear the search to see the whole shelf.
            </li>
          )}
          {hits.map((h) => (
            <li key={h.videoId}>
              <Link href={h.atSec !== null ? `/v/${h.videoId}?t=${Math.floor(h.atSec)}` : `/v/${h.videoId}`} data-testid="search-hit">
                <div className="hit-title">
                  {h.title}
                  {h.atSec !== null && <span className="muted small"> · at {formatDuration(h.atSec * 1000)}</span>}
                </div>
                <div className="hit-snippet">
                  {h.snippet.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
