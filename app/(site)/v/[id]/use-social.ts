'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '@/lib/shared/api/contract';
import { api } from '@/lib/shared/client';

export type CommentItem = ResponseOf<'listComments'>['comments'][number];
export type ReactionItem = ResponseOf<'listReactions'>['reactions'][number];

/** The video's comments and reactions, fetched again whenever the server says they changed (SSE `social`). */
export function useSocial(videoId: string, token: string | null, enabled: boolean) {
  const [comments, setComments] = useState<CommentItem[]>([]);
  const [reactions, setReactions] = useState<ReactionItem[]>([]);
  const reload = useCallback(async () => {
    // every page of comments (the list is paged; a page holds up to 200)
    const allComments = async (): Promise<CommentItem[] | null> => {
      const out: CommentItem[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const page: ResponseOf<'listComments'> | null = await api.call('listComments', { params: { id: videoId }, query: { token, cursor, limit: 200 } }).catch(() => null);
        if (!page) return i === 0 ? null : out;
        out.push(...page.comments);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return out;
    };
    const [c, r] = await Promise.all([allComments(), api.call('listReactions', { params: { id: videoId }, query: { token } }).catch(() => null)]);
    if (c) setComments(c);
    if (r) setReactions(r.reactions);
  }, [videoId, token]);
  useEffect(() => {
    if (!enabled) return;
    const es = new EventSource(`/api/v1/videos/${videoId}/events${token ? `?token=${encodeURIComponent(token)}` : ''}`);
    // load now, and again at every `social`
    const first = setTimeout(() => void reload(), 0);
    es.addEventListener('social', () => void reload());
    es.addEventListener('access_ended', () => es.close());
    return () => {
      clearTimeout(first);
      es.close();
    };
  }, [enabled, videoId, token, reload]);
  return { comments, reactions, reload };
}
