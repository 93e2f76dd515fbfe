import { requestFacts } from '../../watch/analytics/service';
import { requireVideoAccess } from '../http/auth';
import type { HotRoute } from '../http/front-door';
import { json, route } from '../http/respond';
import { deps } from '../deps';
import { mediaBasesFor } from '../../watch/stream/cdn-runtime';
import { findStreamVideo, getStream } from '../../watch/stream/service';

/**
 * `GET /api/v1/streams/{id}`: the access check (owner, visibility, password, share token), then
 * signed HLS URLs. The Next.js route and the server entry's hot path (lib/server/http/front-door.ts) both answer with this.
 */
export const answerStream = route(async (req: Request, id: string) => {
  // the video, its renditions and captions come in the access check's one query
  const { video, manager, principal } = await requireVideoAccess(req, id, findStreamVideo);
  const { db, signingKey, config, playback: ingest, cdns, clock } = deps();
  const surface = new URL(req.url).searchParams.get('surface') === 'embed' ? 'embed' : 'page';
  // the stream API records the playback's `stream_start` (who, where, which browser)
  const playback = { ingest, userId: principal?.userId ?? null, surface, facts: requestFacts(req.headers, config.WEFT_TRUSTED_PROXIES) } as const;
  // a player renewing its URLs (access changed) is the same playback: no new stream_start
  const renew = new URL(req.url).searchParams.get('renew') === '1';
  return json(await getStream(db, video, { key: signingKey, ttlSeconds: config.WEFT_MEDIA_URL_TTL_SECONDS, clock }, { canManage: manager, playback: renew ? undefined : playback, bases: mediaBasesFor(cdns, config.WEFT_CDN_REGION_HEADER, req.headers), shareToken: new URL(req.url).searchParams.get('token') }));
});

/** The stream API on the server entry's hot path (the same handler as its Next.js route). */
export const streamRoute: HotRoute = {
  name: 'stream',
  methods: ['GET'],
  path: '/api/v1/streams/:id',
  maxBodyBytes: 0,
  handle: (req, params) => answerStream(req, params.id ?? ''),
};
