import type { FastRoute } from '../http/fast-lane';
import { route } from '../http/respond';
import { runtime } from '../runtime';
import { safeDecode } from '../streaming/http';
import { serveMedia } from './serve';

/** `GET|HEAD /media/{key}`: the media origin (the Next.js route and the fast lane answer with this). */
export const answerMedia = route(async (req: Request, key: string) => {
  const { storage, signingKey, config } = await runtime();
  return serveMedia(storage, key, req, signingKey, config.WEFT_MEDIA_DELIVERY);
});

export const mediaLane: FastRoute = {
  method: ['GET', 'HEAD'],
  pattern: /^\/media\/(.+)$/,
  maxBodyBytes: 0,
  stream: true,
  handle: (req, match) => answerMedia(req, (match[1] ?? '').split('/').map(safeDecode).join('/')),
};
