'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';
import type { VideoView } from '@/lib/videos/view';

/** What the file picker offers (ffmpeg reads more; a drop takes any file and the server judges it). */
const ACCEPT = 'video/*,.mkv,.mov,.avi,.wmv,.flv,.ts,.mts,.m2ts,.mpg,.mpeg,.ogv,.3gp,.m4v';

interface Row {
  key: string;
  name: string;
  /** 0–1 of the bytes. */
  progress: number;
  state: 'starting' | 'uploading' | 'done' | 'failed' | 'cancelled';
  resumed: boolean;
  error?: string;
  videoId?: string;
  cancel?: () => void;
}

/** The same file is the same import, in any tab or after a reload (tus keeps its upload URL under this key). */
const fingerprintOf = (file: File) => Promise.resolve(['weft-import', file.name, file.type, file.size, file.lastModified].join('|'));

/**
 * Upload videos made elsewhere: drop files anywhere on the library, or pick them. Each goes up
 * resumably with tus (POST /api/v1/imports gives the video and the upload's metadata); an upload
 * cut off half-way resumes where it stopped when the same file is dropped again, in this tab or
 * another, before or after a reload.
 */
export default function Importer({ workspaceId, folderId, onCreated }: { workspaceId: string | null; folderId: string | null; onCreated: (v: VideoView) => void }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const depth = useRef(0);
  const patch = useCallback((key: string, p: Partial<Row>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...p } : r))), []);

  const start = useCallback(
    async (file: File) => {
      const key = `${file.name}:${file.size}:${file.lastModified}:${Math.random().toString(36).slice(2)}`;
      setRows((all) => [...all, { key, name: file.name, progress: 0, state: 'starting', resumed: false }]);
      try {
        const tus = await import('tus-js-client');
        const common = {
          fingerprint: fingerprintOf,
          chunkSize: 8 << 20,
          retryDelays: [0, 1000, 3000, 5000, 10_000],
          storeFingerprintForResuming: true,
          removeFingerprintOnSuccess: true,
        };
        // the same file begun before (in this tab or another): resume that upload and its video
        const probe = new tus.Upload(file, { ...common, endpoint: `${location.origin}/api/v1/uploads` });
        const previous = (await probe.findPreviousUploads()).filter((p) => p.metadata.videoId);
        let videoId: string | null = null;
        let endpoint = `${location.origin}/api/v1/uploads`;
        let metadata: Record<string, string> = {};
        let resumeFrom: (typeof previous)[number] | null = null;
        for (const p of previous.sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))) {
          const v = await api.call('getVideo', { params: { id: p.metadata.videoId! } }).catch(() => null);
          if (v?.status === 'uploading' && v.canManage) {
            videoId = v.id;
            metadata = p.metadata as Record<string, string>;
            resumeFrom = p;
            onCreated(v);
            break;
          }
        }
        if (!videoId) {
          const created = await api.call('createImport', {
            body: { filename: file.name, size: file.size, ...(file.type ? { filetype: file.type } : {}), ...(workspaceId ? { workspaceId } : {}), ...(folderId ? { folderId } : {}) },
          });
          videoId = created.videoId;
          endpoint = created.uploadUrl;
          metadata = created.uploadMetadata;
          const v = await api.call('getVideo', { params: { id: videoId } }).catch(() => null);
          if (v) onCreated(v);
        }
        const id = videoId;
        await new Promise<void>((resolve, reject) => {
          const upload = new tus.Upload(file, {
            ...common,
            endpoint,
            metadata,
            onProgress: (sent, total) => patch(key, { progress: total ? sent / total : 0, state: 'uploading' }),
            onSuccess: () => resolve(),
            onError: (e) => reject(e),
          });
          if (resumeFrom) upload.resumeFromPreviousUpload(resumeFrom);
          patch(key, {
            videoId: id,
            resumed: resumeFrom !== null,
            state: 'uploading',
            cancel: () => {
              // stop sending; the upload stays on the server and resumes when the file is dropped again
              void upload.abort(false).then(() => patch(key, { state: 'cancelled' }));
            },
          });
          upload.start();
        });
        patch(key, { progress: 1, state: 'done', cancel: undefined });
      } catch (e) {
        const message = e instanceof Error && 'originalResponse' in e ? tusMessage(e) : errorMessage(e, 'The upload failed. Drop the file again to resume it.');
        patch(key, { state: 'failed', error: message, cancel: undefined });
      }
    },
    [folderId, onCreated, patch, workspaceId],
  );

  const take = useCallback((files: FileList | null) => {
    for (const f of Array.from(files ?? [])) void start(f);
  }, [start]);

  // drop anywhere on the page
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current += 1;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      take(e.dataTransfer?.files ?? null);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [take]);

  const active = rows.filter((r) => r.state !== 'done');
  return (
    <>
      <div className="import-bar">
        <button type="button" className="button" onClick={() => input.current?.click()} data-testid="import-button">
          Upload a video
        </button>
        <span className="import-hint">or drop video files anywhere on this page</span>
      </div>
      <input ref={input} type="file" accept={ACCEPT} multiple hidden data-testid="import-input" onChange={(e) => {
        take(e.currentTarget.files);
        e.currentTarget.value = '';
      }} />
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          <div>Drop videos to upload them</div>
        </div>
      )}
      {rows.length > 0 && (
        <ul className="imports panel" aria-label="Uploads" data-testid="imports">
          {rows.map((r) => (
            <li key={r.key} className={`import import-${r.state}`} data-testid="import-row">
              <div className="import-head">
                <span className="import-name">{r.name}</span>
                <span className="import-state" aria-live="polite">
                  {r.state === 'starting' && 'Starting…'}
                  {r.state === 'uploading' && `${r.resumed ? 'Resumed · ' : ''}${Math.floor(r.progress * 100)} %`}
                  {r.state === 'done' && (r.videoId ? <a href={`/v/${r.videoId}`}>Uploaded — processing</a> : 'Uploaded')}
                  {r.state === 'cancelled' && 'Paused — drop the file again to resume'}
                  {r.state === 'failed' && <span role="alert">{r.error}</span>}
                </span>
                {r.cancel && (
                  <button type="button" className="button button-small" onClick={r.cancel} aria-label={`Stop uploading ${r.name}`}>
                    Stop
                  </button>
                )}
              </div>
              {(r.state === 'uploading' || r.state === 'starting') && (
                <div className="progress" role="progressbar" aria-label={`Uploading ${r.name}`} aria-valuenow={Math.floor(r.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
                  <span style={{ width: `${r.progress * 100}%` }} />
                </div>
              )}
            </li>
          ))}
          {active.length === 0 && (
            <li className="import-clear">
              <button type="button" className="button button-small" onClick={() => setRows([])}>
                Clear the list
              </button>
            </li>
          )}
        </ul>
      )}
    </>
  );
}

/** A tus error's message: the server's JSON error when it sent one. */
function tusMessage(e: Error): string {
  const res = (e as Error & { originalResponse?: { getBody(): string } | null }).originalResponse;
  try {
    const body = JSON.parse(res?.getBody() ?? '') as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    /* not JSON */
  }
  return 'The upload failed. Drop the file again to resume it.';
}
