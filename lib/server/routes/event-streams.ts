import { currentPrincipal, videoAccessFor, viewerOf } from '../http/auth';
import { baseUrlOf } from '../http/origin';
import { sseResponse } from '../../platform/http/sse';
import { videoViewFor } from '../http/video-view';
import { inboxOf } from '../../process/notify/inbox';
import { isWeftError } from '../../platform/errors';
import { deps } from '../deps';
import { manageableVideoIds } from '../../videos/repo';
import type { VideoRow } from '../../videos/repo';
import type { Principal } from '../../platform/accounts/service';

/**
 * Server-sent event streams that end when access ends. The access a stream was opened with is
 * decided again, with the same credentials (session or token, share token, unlock cookie), before
 * every event and every `RECHECK_MS` while nothing happens: a viewer who may no longer watch gets
 * one `access_ended` event ({code, message}) and the stream closes — nothing about the video, and
 * no signed URL, is sent after that.
 */
export const RECHECK_MS = 5000;

type Send = (event: string, data: unknown) => void;

/** Runs `fn` one call at a time, in order (events must not overtake each other). */
function serial(): (fn: () => Promise<void>) => void {
  let chain = Promise.resolve();
  return (fn) => {
    chain = chain.then(fn).catch(() => undefined);
  };
}

/** `GET /api/v1/videos/{id}/events`: `video` now and on every change, `social`, `deleted`, `access_ended`. */
export async function videoEvents(req: Request, video: VideoRow): Promise<Response> {
  const { videoFeed } = await deps();
  const base = baseUrlOf(req);
  let social = video.socialAt?.getTime() ?? 0;
  return sseResponse(req.signal, (send, close) => {
    const queue = serial();
    let ended = false;
    const allowed = async (): Promise<{ manager: boolean } | null> => {
      if (ended) return null;
      // a credential that no longer authenticates (a revoked token) ends the stream too
      const r = await videoAccessFor(req, video.id).catch((e: unknown) => ({
        video: undefined,
        decision: { allow: false as const, code: isWeftError(e) ? e.code : 'internal', message: isWeftError(e) ? e.message : 'Access could not be checked.' },
      }));
      if (r.video && r.decision.allow) return { manager: r.decision.manager };
      ended = true;
      const d = r.decision.allow ? { code: 'video_not_found', message: 'No video with this id.' } : { code: r.decision.code, message: r.decision.message };
      if (r.video === null) send('deleted', { id: video.id });
      else send('access_ended', d);
      close();
      return null;
    };
    const unsubscribe = videoFeed.subscribe([video.id], (row) =>
      queue(async () => {
        if (ended) return;
        if (row.deletedAt) {
          ended = true;
          send('deleted', { id: video.id });
          close();
          return;
        }
        const access = await allowed();
        if (!access) return;
        const at = row.socialAt?.getTime() ?? 0;
        if (at !== social) {
          social = at;
          send('social', { at: row.socialAt?.toISOString() ?? null });
        }
        send('video', await videoViewFor(row, base, access.manager));
      }),
    );
    const timer = setInterval(() => queue(async () => void (await allowed())), RECHECK_MS);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  });
}

/** The caller as the stream was opened: still signed in with the same credentials, or null. */
async function stillSignedIn(req: Request, userId: string): Promise<Principal | null> {
  const p = await currentPrincipal(req).catch(() => null);
  return p && p.userId === userId ? p : null;
}

function endFor(send: Send, close: () => void): void {
  send('access_ended', { code: 'unauthorized', message: 'You are signed out.' });
  close();
}

/** `GET /api/v1/videos/events?ids=`: the library's stream of the caller's own videos. */
export async function libraryEvents(req: Request, user: Principal, askedIds: string[]): Promise<Response> {
  const { db, videoFeed } = await deps();
  const ids = await manageableVideoIds(db, askedIds, viewerOf(user));
  const base = baseUrlOf(req);
  return sseResponse(req.signal, (send, close) => {
    if (ids.length === 0) return () => undefined;
    const queue = serial();
    let ended = false;
    const check = async (): Promise<Principal | null> => {
      if (ended) return null;
      const p = await stillSignedIn(req, user.userId);
      if (!p) {
        ended = true;
        endFor(send, close);
      }
      return p;
    };
    const unsubscribe = videoFeed.subscribe(ids, (row) =>
      queue(async () => {
        const p = await check();
        if (!p) return;
        if (row.deletedAt) return send('deleted', { id: row.id });
        // still theirs to manage?
        if ((await manageableVideoIds(db, [row.id], viewerOf(p))).length === 0) return send('deleted', { id: row.id });
        send('video', await videoViewFor(row, base, true));
      }),
    );
    const timer = setInterval(() => queue(async () => void (await check())), RECHECK_MS);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  });
}

/** `GET /api/v1/notifications/events`: `inbox` ({unread, items}) now and whenever it changes. */
export async function inboxEvents(req: Request, user: Principal): Promise<Response> {
  const { db } = await deps();
  return sseResponse(req.signal, (send, close) => {
    let last = '';
    let busy = false;
    let ended = false;
    let checkedAt = Date.now();
    const tick = async () => {
      if (busy || ended) return;
      busy = true;
      try {
        if (Date.now() - checkedAt >= RECHECK_MS) {
          checkedAt = Date.now();
          if (!(await stillSignedIn(req, user.userId))) {
            ended = true;
            endFor(send, close);
            return;
          }
        }
        const inbox = await inboxOf(db, user.userId, 10);
        const key = `${inbox.unread}:${inbox.items[0]?.id ?? ''}`;
        if (key !== last) {
          last = key;
          send('inbox', inbox);
        }
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), 1000);
    return () => clearInterval(timer);
  });
}

