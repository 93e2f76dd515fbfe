'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '@/lib/shared/api/contract';
import { api } from '@/lib/shared/client';

type Inbox = ResponseOf<'notifications'>;

/** Your notifications ("your video is ready"), live over server-sent events. */
export default function NotificationBell() {
  const [inbox, setInbox] = useState<Inbox>({ unread: 0, items: [] });
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const es = new EventSource('/api/v1/notifications/events');
    es.addEventListener('inbox', (e) => setInbox(JSON.parse((e as MessageEvent<string>).data) as Inbox));
    es.addEventListener('access_ended', () => es.close());
    return () => es.close();
  }, []);
  async function readAll() {
    const next = await api.call('readNotifications').catch(() => null);
    if (next) setInbox(next);
  }
  return (
    <div className="bell">
      <button
        type="button"
        className="bell-button"
        aria-label={`Notifications${inbox.unread ? `: ${inbox.unread} unread` : ''}`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="bell"
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {inbox.unread > 0 && <span className="bell-count" data-testid="bell-count">{inbox.unread}</span>}
      </button>
      {open && (
        <div className="bell-menu" role="dialog" aria-label="Notifications">
          {inbox.items.length === 0 ? (
            <p className="muted small">Nothing yet.</p>
          ) : (
            <ul>
              {inbox.items.map((n) => (
                <li key={n.id} className={n.read ? undefined : 'unread'}>
                  <Link href={`/v/${n.videoId}`} onClick={() => setOpen(false)}>
                    {n.message}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {inbox.unread > 0 && (
            <button type="button" className="button button-small" onClick={() => void readAll()}>
              Mark all read
            </button>
          )}
        </div>
      )}
    </div>
  );
}
