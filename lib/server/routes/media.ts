import type { HotRoute } from '../http/front-door';
import { route } from '../http/respond';
import { deps } from '../deps';
import { serveMedia } from '../../watch/media-origin';

/** `GET|HEAD /media/{key}`: the media origin (the Next.js route and the server entry's hot path answer with this). */
export const answerMedia = route(async (req: Request, key: string) => {
  const { storage, signingKey, config, accessEpochs, clock } = deps();
  return serveMedia(storage, key, req, { signingKey, clock, epochOf: (id, seen) => accessEpochs.get(id, seen) }, config.WEFT_MEDIA_DELIVERY);
});

/** The media origin on the server entry's hot path (the same handler as its Next.js route). */
export const mediaRoute: HotRoute = {
  name: 'media',
  methods: ['GET', 'HEAD'],
  path: '/media/*key',
  maxBodyBytes: 0,
  stream: true,
  handle: (req, params) => answerMedia(req, params.key ?? ''),
};
