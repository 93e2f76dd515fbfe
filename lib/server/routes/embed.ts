import { log } from '../../platform/log';
import { videoAccessFor } from '../http/auth';
import { baseUrlOf } from '../http/origin';
import { deps } from '../deps';
import { getStream } from '../../watch/stream/service';
import { mediaBasesFor } from '../../watch/stream/cdn-runtime';
import { failureFor, isLive, shareUrl } from '../../videos/view';
import { embedHeaders } from '../../watch/embed/headers';
import { renderEmbed, type EmbedState } from '../../watch/embed/page';
import { parseEmbedParams } from '../../watch/browser/embed-params';
import { pagePlayer } from '../../watch/player/page-player';
import { REFUSALS, refusalFor } from '../../platform/http/refusals';

/** The embed for a request: access decided as for the watch page, then the frame's HTML with its own CSP. */
export async function embedPage(req: Request, id: string): Promise<Response> {
  const url = new URL(req.url);
  const token = url.searchParams.get('token');
  let state: EmbedState;
  let status = 200;
  try {
    const { video, decision, principal } = await videoAccessFor(req, id, token);
    if (!video || !decision.allow) {
      const code = decision.allow ? 'video_not_found' : decision.code;
      if (code === 'password_required') state = { kind: 'gate', videoId: id, token };
      else {
        const refusal = REFUSALS[refusalFor(code)];
        state = { kind: 'message', title: refusal.title, text: refusal.text, code: refusalFor(code) };
        status = refusal.status;
      }
    } else if (video.status === 'failed') {
      state = { kind: 'message', title: 'This video could not be processed', text: failureFor(video, decision.manager).message };
    } else if (video.status !== 'ready' && video.status !== 'playable' && !isLive(video)) {
      state = { kind: 'wait', videoId: video.id, token };
    } else {
      const { db, signingKey, config, playback, cdns, clock, storage, accessEpochs } = deps();
      const stream = await getStream(
        db,
        video,
        { key: signingKey, ttlSeconds: config.WEFT_MEDIA_URL_TTL_SECONDS, clock },
        // the player sends `stream_start` when it plays
        { canManage: decision.manager, playback: { ingest: playback, userId: principal?.userId ?? null, surface: 'embed', facts: null }, bases: mediaBasesFor(cdns, config.WEFT_CDN_REGION_HEADER, req.headers), shareToken: token },
      );
      // the media requests this frame is about to cause find the video's access epoch known
      accessEpochs.note(video.id, video.accessEpoch);
      const params = parseEmbedParams(url.searchParams);
      state = {
        kind: 'player',
        title: video.title,
        watchUrl: `${shareUrl(baseUrlOf(req), video.id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
        player: await pagePlayer({ entry: 'embed', storage, delivery: config.WEFT_MEDIA_DELIVERY, stream, videoId: video.id, token, params, startAt: params.start, resume: true, surface: 'embed' }),
      };
    }
  } catch (e) {
    log.warn('embed failed', { id, error: e instanceof Error ? e.message : String(e) });
    state = { kind: 'message', title: REFUSALS.server_error.title, text: REFUSALS.server_error.text, code: 'server_error' };
    status = 500;
  }
  return new Response(renderEmbed(state), {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...embedHeaders(deps().config) },
  });
}
