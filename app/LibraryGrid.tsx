'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatDuration } from '@/lib/shared/format';
import type { VideoView } from '@/lib/videos/view';
import { stageLabel } from './stages';
import { useVideosEvents } from './use-video-events';
import TitleEditor from './TitleEditor';
import DeleteVideo from './DeleteVideo';
import UndoDelete from './UndoDelete';
import LibrarySearch from './LibrarySearch';
import Importer from './Importer';

const VISIBILITY: Record<VideoView['visibility'], string> = { private: 'Only me', workspace: 'Workspace', link: 'Anyone with the link', public: 'Public' };

/** The shelf of the library shown (its search looks inside it). */
export interface Shelf {
  scope: 'mine' | 'shared' | 'workspace' | 'folder';
  workspaceId: string | null;
  folderId: string | null;
  name: string | null;
}

const EMPTY: Record<Shelf['scope'], string> = {
  mine: 'No recordings yet.',
  shared: 'Nothing was shared with you by name yet.',
  workspace: 'No videos in this workspace that you can watch yet.',
  folder: 'This folder is empty. File a video here from its page (Who can watch → Folder).',
};

/**
 * The library: search, and the cards (kept current while videos process, over server-sent
 * events), each renamed in place or deleted with an Undo. `deleted`: a video just deleted from its
 * watch page, offered for Undo here.
 */
export default function LibraryGrid({
  initial,
  views = {},
  deleted = null,
  shelf,
  canImport = false,
}: {
  initial: VideoView[];
  views?: Record<string, number>;
  deleted?: { id: string; title: string } | null;
  shelf?: Shelf;
  /** The viewer may bring videos into this shelf's workspace (uploads by drop or picker). */
  canImport?: boolean;
}) {
  const list = useVideosEvents(initial);
  const [searching, setSearching] = useState(false);
  const [undo, setUndo] = useState<{ id: string; title: string } | null>(deleted);
  return (
    <>
      {undo && (
        <UndoDelete
          key={undo.id}
          videoId={undo.id}
          title={undo.title}
          onClose={() => setUndo(null)}
          onRestored={(v) => {
            list.put(v);
            setUndo(null);
          }}
        />
      )}
      {canImport && <Importer workspaceId={shelf?.workspaceId ?? null} folderId={shelf?.scope === 'folder' ? shelf.folderId : null} onCreated={list.put} />}
      <LibrarySearch onSearching={setSearching} shelf={shelf} />
      {!searching && list.videos.length === 0 && (
        <div className="panel empty" data-testid="library-empty">
          <p>{EMPTY[shelf?.scope ?? 'mine']}</p>
          {(shelf?.scope ?? 'mine') === 'mine' && (
            <Link href="/record" className="button button-primary button-large">
              Record your first video
            </Link>
          )}
        </div>
      )}
      <div className="grid" data-testid="library" hidden={searching}>
        {list.videos.map((v) => {
          const pct = Math.round((v.processing.progress ?? 0) * 100);
          const n = views[v.id] ?? 0;
          return (
            <article key={v.id} className="card" data-testid="library-card">
              <Link href={`/v/${v.id}`} className="card-thumb" tabIndex={-1} aria-hidden="true">
                {v.posterUrl ? (
                  <>
                    {/* eslint-disable-next-line @next/next/no-img-element */}
                    <img src={v.posterUrl} alt="" loading="lazy" />
                    {v.previewUrl && (
                      // eslint-disable-next-line @next/next/no-img-element
                      <img className="card-preview" src={v.previewUrl} alt="" loading="lazy" data-testid="card-preview" />
                    )}
                  </>
                ) : v.status === 'failed' ? (
                  <span>Could not process</span>
                ) : v.status === 'uploading' ? (
                  <span>Receiving…</span>
                ) : (
                  <div className="card-progress" aria-live="polite">
                    <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
                      <span style={{ width: `${pct}%` }} />
                    </div>
                    <span>
                      {stageLabel(v.processing.stage)} · {pct}%
                    </span>
                  </div>
                )}
              </Link>
              <div className="card-body">
                <div className="card-head">
                  <TitleEditor as="div" className="card-title" videoId={v.id} title={v.title} href={`/v/${v.id}`} canEdit={v.canManage} onRenamed={(title) => list.put({ ...v, title })} />
                  {v.canManage && (
                    <DeleteVideo
                      compact
                      testId="card-delete"
                      videoId={v.id}
                      title={v.title}
                      onDeleted={() => {
                        list.remove(v.id);
                        setUndo({ id: v.id, title: v.title });
                      }}
                    />
                  )}
                </div>
                <div className="card-meta">
                  <span className={`badge badge-${v.status}`}>{v.status}</span>
                  {v.durationMs ? <span>{formatDuration(v.durationMs)}</span> : null}
                  <span>{VISIBILITY[v.visibility]}</span>
                  {v.canManage && (
                    <span className="card-views" data-testid="card-views">
                      {n} {n === 1 ? 'view' : 'views'}
                    </span>
                  )}
                </div>
              </div>
            </article>
          );
        })}
      </div>
    </>
  );
}
