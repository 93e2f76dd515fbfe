import { acceptPlaybackEvents } from '@/lib/analytics/http';

export const dynamic = 'force-dynamic';

/**
 * A batch of playback events from a player (`playback` token, `seq`, `events`); 202 `{accepted}`.
 * The production server answers these in its fast lane (lib/http/fast-lane.ts) with the same code.
 */
export const POST = async (req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> =>
  acceptPlaybackEvents(req, { videoId: (await ctx.params).id });
