import { playbackBatchBody } from '../../shared/api/contract';
import { requireVideoAccess } from '../http/auth';
import type { HotRoute } from '../http/front-door';
import { json, parseJson, readJson, route } from '../http/respond';
import { deps } from '../deps';
import { requestFacts } from '../../watch/analytics/service';

/**
 * `POST /api/v1/videos/{id}/playback-events`: a batch from a player (`playback` token, `seq`,
 * `events`); 202 `{accepted}`. The Next.js route and the server entry's hot path both answer with this.
 */
export const acceptPlaybackEvents = route(async (req: Request, target: { videoId: string; body?: string }) => {
  const { videoId } = target;
  const batch = target.body === undefined ? await readJson(req, playbackBatchBody) : parseJson(target.body, playbackBatchBody);
  const { playback, config } = await deps();
  // the playback token is the proof of access; without a valid one, the caller's own access answers
  return json(
    await playback.recordBatch(videoId, batch, requestFacts(req.headers, config.WEFT_TRUSTED_PROXIES), () => requireVideoAccess(req, videoId)),
    202,
  );
});

/** Playback-event batches on the server entry's hot path (the same handler as its Next.js route). */
export const playbackEventsRoute: HotRoute = {
  name: 'playback-events',
  methods: ['POST'],
  path: '/api/v1/videos/:id/playback-events',
  maxBodyBytes: 64 * 1024,
  handle: (req, params, body) => acceptPlaybackEvents(req, { videoId: params.id ?? '', body: body.toString('utf8') }),
};
