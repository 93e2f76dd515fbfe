'use client';

import { useEffect, useState } from 'react';
import type { ResponseOf } from '@/lib/shared/api/contract';
import { api } from '@/lib/shared/client';
import { runNoted, Said, type Note } from '@/app/Said';

type Person = ResponseOf<'listPeople'>['people'][number];
type Folder = ResponseOf<'listFolders'>['folders'][number];

/**
 * Sharing with named people (whatever the visibility: a private video stays private to everyone
 * else), and the folder of the workspace the video is filed in.
 */
export default function PeoplePanel({ videoId, workspaceId, folderId }: { videoId: string; workspaceId: string; folderId: string | null }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [folders, setFolders] = useState<Folder[]>([]);
  const [folder, setFolder] = useState(folderId);
  const [note, setNote] = useState<Note>(null);
  const [folderNote, setFolderNote] = useState<Note>(null);

  useEffect(() => {
    let live = true;
    void api.call('listPeople', { params: { id: videoId } }).then((r) => live && setPeople(r.people), () => undefined);
    void api.call('listFolders', { params: { id: workspaceId } }).then((r) => live && setFolders(r.folders), () => undefined);
    return () => {
      live = false;
    };
  }, [videoId, workspaceId]);

  const run = runNoted;

  return (
    <>
      <h2>People</h2>
      <p className="muted small">Share with someone by e-mail. People with an account can watch at once; anyone else is invited by e-mail.</p>
      <form
        className="row"
        data-testid="people-form"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const email = String(new FormData(form).get('email') ?? '');
          void run(setNote, async () => {
            const p = await api.call('addPerson', { params: { id: videoId }, body: { email } });
            setPeople((ps) => [...ps.filter((x) => x.id !== p.id), { id: p.id, email: p.email, name: p.name, joined: p.joined, createdAt: p.createdAt }]);
            form.reset();
            if (p.joined) return `Shared with ${p.name ?? p.email}${p.emailed ? ' (they got an e-mail)' : ''}.`;
            return p.emailed ? `Invited ${p.email} by e-mail.` : `No e-mail is set up here: send ${p.email} this link yourself: ${p.inviteUrl ?? ''}`;
          });
        }}
      >
        <input name="email" type="email" required placeholder="name@example.com" aria-label="Share with (e-mail)" data-testid="people-email" />
        <button type="submit" className="button">
          Share
        </button>
      </form>
      <p style={{ wordBreak: 'break-all', margin: 0 }}>
        <Said note={note} testId="people-message" />
      </p>
      {people.length > 0 && (
        <ul className="people" data-testid="people">
          {people.map((p) => (
            <li key={p.id} data-testid="person">
              <span>
                {p.name ? `${p.name} · ` : ''}
                {p.email} {!p.joined && <span className="muted small">(invited)</span>}
              </span>
              <button
                type="button"
                className="button button-small"
                aria-label={`Stop sharing with ${p.email}`}
                onClick={() =>
                  run(setNote, async () => {
                    await api.call('removePerson', { params: { id: videoId, personId: p.id } });
                    setPeople((ps) => ps.filter((x) => x.id !== p.id));
                    return `${p.email} can no longer watch (unless the visibility lets them).`;
                  })
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label className="row" style={{ fontWeight: 400 }}>
          <span>Folder</span>
          <select
            value={folder ?? ''}
            data-testid="video-folder"
            onChange={(e) => {
              const next = e.target.value || null;
              void run(setFolderNote, async () => {
                await api.call('moveVideo', { params: { id: videoId }, body: { folderId: next } });
                setFolder(next);
                return next ? `Filed in ${folders.find((f) => f.id === next)?.name ?? 'the folder'}.` : 'Taken out of its folder.';
              });
            }}
          >
            <option value="">No folder</option>
            {folders.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
                {f.access === 'members' ? ' (members only)' : ''}
              </option>
            ))}
          </select>
        </label>
        <Said note={folderNote} testId="folder-message" />
      </div>
    </>
  );
}
