import { acceptPlaybackEvents } from '@/lib/server/routes/playback-events';

export const dynamic = 'force-dynamic';

/**
 * A batch of playback events from a player (`playback` token, `seq`, `events`); 202 `{accepted}`.
 * The server entry answers these on its hot path (lib/server/http/front-door.ts) with the same code.
 */
export const POST = async (req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> =>
  acceptPlaybackEvents(req, { videoId: (await ctx.params).id });
