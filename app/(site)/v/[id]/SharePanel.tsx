'use client';

import { useCallback, useEffect, useState } from 'react';
import type { VideoView } from '@/lib/videos/view';
import type { ResponseOf } from '@/lib/shared/api/contract';
import { api } from '@/lib/shared/client';
import CopyButton from '@/app/CopyButton';
import When from '@/app/When';
import EmbedCode from './EmbedCode';
import { runNoted, Said, type Note } from '@/app/Said';
import PeoplePanel from './PeoplePanel';

type LinkRow = ResponseOf<'listShareLinks'>['shareLinks'][number];

const EXPIRIES: Array<[number, string]> = [
  [60, '1 minute'],
  [3600, '1 hour'],
  [86_400, '1 day'],
  [7 * 86_400, '7 days'],
  [30 * 86_400, '30 days'],
];


/**
 * The owner's controls: who can watch (visibility, password), the share links of a private video
 * (each listed with its address and Copy while it lives), and the embed code.
 */
export default function SharePanel({ video }: { video: VideoView }) {
  const [visibility, setVisibility] = useState(video.visibility);
  const [protectedByPassword, setProtected] = useState(video.passwordProtected);
  const [links, setLinks] = useState<LinkRow[]>([]);
  const [expiry, setExpiry] = useState(86_400);
  const [visNote, setVisNote] = useState<Note>(null);
  const [pwNote, setPwNote] = useState<Note>(null);
  const [linkNote, setLinkNote] = useState<Note>(null);
  const [downloads, setDownloads] = useState(video.downloads);
  const [dlNote, setDlNote] = useState<Note>(null);

  const loadLinks = useCallback(async () => {
    const data = await api.call('listShareLinks', { params: { id: video.id } });
    setLinks(data.shareLinks);
  }, [video.id]);

  useEffect(() => {
    let live = true;
    api
      .call('listShareLinks', { params: { id: video.id } })
      .then((data) => {
        if (live) setLinks(data.shareLinks);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [video.id]);

  // a link still listed as live goes from the list when it expires
  useEffect(() => {
    const next = links.filter((l) => l.active).map((l) => Date.parse(l.expiresAt) - Date.now());
    const soonest = Math.min(...next);
    if (!Number.isFinite(soonest)) return;
    const t = setTimeout(() => setLinks((ls) => ls.map((l) => (l.active && Date.parse(l.expiresAt) <= Date.now() ? { ...l, active: false, url: null } : l))), Math.max(0, soonest) + 50);
    return () => clearTimeout(t);
  }, [links]);

  const run = runNoted;

  const live = links.filter((l) => l.active);
  return (
    <section className="panel share-panel" aria-label="Sharing" data-testid="share-panel" style={{ marginTop: 20 }}>
      <h2>Who can watch</h2>
      <div className="row">
        <label className="row" style={{ fontWeight: 400 }}>
          <span>Visibility</span>
          <select
            value={visibility}
            data-testid="visibility"
            onChange={(e) =>
              run(setVisNote, async () => {
                const v = e.target.value as VideoView['visibility'];
                await api.call('updateVideo', { params: { id: video.id }, body: { visibility: v } });
                setVisibility(v);
                return 'Saved.';
              })
            }
          >
            <option value="private">Only me (and people I add)</option>
            <option value="workspace">People in the workspace</option>
            <option value="link">Anyone with the link</option>
            <option value="public">Public</option>
          </select>
        </label>
        <Said note={visNote} testId="share-message" />
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const password = String(new FormData(form).get('password') ?? '');
          void run(setPwNote, async () => {
            await api.call('updateVideo', { params: { id: video.id }, body: { password } });
            setProtected(true);
            form.reset();
            return 'Password set. Viewers enter it once per browser session.';
          });
        }}
      >
        <input name="password" type="password" placeholder={protectedByPassword ? 'Change the password' : 'Add a password'} minLength={4} required aria-label="Video password" data-testid="set-password" />
        <button type="submit" className="button">
          {protectedByPassword ? 'Change' : 'Protect'}
        </button>
        {protectedByPassword && (
          <button
            type="button"
            className="button"
            onClick={() =>
              run(setPwNote, async () => {
                await api.call('updateVideo', { params: { id: video.id }, body: { password: null } });
                setProtected(false);
                return 'Password removed.';
              })
            }
          >
            Remove password
          </button>
        )}
        <Said note={pwNote} testId="password-message" />
      </form>

      <label className="row" style={{ fontWeight: 400 }}>
        <input
          type="checkbox"
          checked={downloads}
          data-testid="allow-downloads"
          onChange={(e) => {
            const on = e.target.checked;
            void run(setDlNote, async () => {
              await api.call('updateVideo', { params: { id: video.id }, body: { downloads: on } });
              setDownloads(on);
              return on ? 'Viewers can download an MP4.' : 'Only you and workspace admins can download it.';
            });
          }}
        />
        <span>Viewers may download the video</span>
        <Said note={dlNote} testId="downloads-message" />
      </label>

      <PeoplePanel videoId={video.id} workspaceId={video.workspaceId} folderId={video.folderId} />

      <h2>Share links that expire</h2>
      {visibility === 'link' || visibility === 'public' ? (
        <p className="muted small" data-testid="share-links-note">
          {visibility === 'public' ? 'This video is public' : 'Anyone with this video’s address can watch it'}: an expiring link adds nothing. Choose “Only me” or “People in the workspace” to share it
          with others only through links that expire.
        </p>
      ) : (
        <>
          <div className="row">
            <select value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} aria-label="Link expiry" data-testid="link-expiry">
              {EXPIRIES.map(([s, label]) => (
                <option key={s} value={s}>
                  Expires in {label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button-primary"
              data-testid="create-share-link"
              onClick={() =>
                run(setLinkNote, async () => {
                  await api.call('createShareLink', { params: { id: video.id }, body: { expiresInSeconds: expiry } });
                  await loadLinks();
                  return null;
                })
              }
            >
              Create link
            </button>
            <Said note={linkNote} testId="link-message" />
          </div>
          {live.length === 0 ? (
            <p className="muted small">No live links. Only you can watch this video until you make one.</p>
          ) : (
            <ul className="links" data-testid="share-links">
              {live.map((l) => (
                <li key={l.id} data-testid="share-link">
                  {l.url ? (
                    <input className="link-url" readOnly value={l.url} aria-label="Share link" data-testid="share-link-url" onFocus={(e) => e.currentTarget.select()} />
                  ) : (
                    <span className="muted small">A link made before links were kept (its address cannot be shown again)</span>
                  )}
                  <span className="muted small link-expiry">
                    <When iso={l.expiresAt} prefix="Expires " />
                  </span>
                  <span className="link-actions">
                    {l.url && <CopyButton text={l.url} testId="share-link-copy" className="button button-small" />}
                    <button
                      type="button"
                      className="button button-small"
                      data-testid="share-link-revoke"
                      onClick={() =>
                        run(setLinkNote, async () => {
                          await api.call('revokeShareLink', { params: { id: video.id, token: l.id } });
                          await loadLinks();
                          return 'Link revoked: it stops working within seconds.';
                        })
                      }
                    >
                      Revoke
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <EmbedCode videoId={video.id} title={video.title} shareUrl={video.shareUrl} isPrivate={visibility === 'private'} />
    </section>
  );
}
