'use client';

import { useCallback, useEffect, useState } from 'react';
import type { VideoView } from '@/lib/videos/view';
import { api } from '@/lib/client';
import EmbedCode from './EmbedCode';

interface LinkRow {
  id: string;
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
}

const EXPIRIES: Array<[number, string]> = [
  [60, '1 minute'],
  [3600, '1 hour'],
  [86_400, '1 day'],
  [7 * 86_400, '7 days'],
  [30 * 86_400, '30 days'],
];

/** The owner's controls: who can watch (visibility, password) and expiring share links. */
export default function SharePanel({ video }: { video: VideoView }) {
  const [visibility, setVisibility] = useState(video.visibility);
  const [protectedByPassword, setProtected] = useState(video.passwordProtected);
  const [links, setLinks] = useState<LinkRow[]>([]);
  const [expiry, setExpiry] = useState(86_400);
  const [newLink, setNewLink] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

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

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    }
  };

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
              run(async () => {
                const v = e.target.value as VideoView['visibility'];
                await api.call('updateVideo', { params: { id: video.id }, body: { visibility: v } });
                setVisibility(v);
                setMessage('Saved.');
              })
            }
          >
            <option value="private">Only me</option>
            <option value="link">Anyone with the link</option>
            <option value="public">Public</option>
          </select>
        </label>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const password = String(new FormData(form).get('password') ?? '');
          void run(async () => {
            await api.call('updateVideo', { params: { id: video.id }, body: { password } });
            setProtected(true);
            form.reset();
            setMessage('Password set. Viewers enter it once per browser session.');
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
              run(async () => {
                await api.call('updateVideo', { params: { id: video.id }, body: { password: null } });
                setProtected(false);
                setMessage('Password removed.');
              })
            }
          >
            Remove password
          </button>
        )}
      </form>

      <h2>Share links that expire</h2>
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
            run(async () => {
              const data = await api.call('createShareLink', { params: { id: video.id }, body: { expiresInSeconds: expiry } });
              setNewLink(data.url);
              await loadLinks();
            })
          }
        >
          Create link
        </button>
      </div>
      {newLink && (
        <div className="share">
          <a href={newLink} data-testid="new-share-link">
            {newLink}
          </a>
          <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(newLink)}>
            Copy
          </button>
        </div>
      )}
      {links.length > 0 && (
        <ul className="links" data-testid="share-links">
          {links.map((l) => (
            <li key={l.id}>
              <span>
                {l.revokedAt ? 'Revoked' : l.active ? `Expires ${new Date(l.expiresAt).toLocaleString()}` : 'Expired'}
              </span>
              {l.active && (
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    run(async () => {
                      await api.call('revokeShareLink', { params: { id: video.id, token: l.id } });
                      await loadLinks();
                    })
                  }
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <EmbedCode videoId={video.id} title={video.title} shareUrl={video.shareUrl} isPrivate={visibility === 'private'} />
      {message && <p className="muted small">{message}</p>}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
