import type { Metadata } from 'next';
import { videoViewFor } from '@/lib/server/http/video-view';
import { headers } from 'next/headers';
import { baseUrlOf } from '@/lib/server/http/origin';
import { unfurlOf } from '@/lib/watch/embed/unfurl';
import { deps } from '@/lib/server/deps';
import { getStream } from '@/lib/watch/stream/service';
import { mediaBasesFor } from '@/lib/watch/stream/cdn-runtime';
import PasswordGate from './PasswordGate';
import OwnerPanels from './OwnerPanels';
import Watch from './Watch';
import { pagePlayer, playerScriptUrl } from '@/lib/watch/player/page-player';
import { isLive } from '@/lib/videos/view';
import { pageVideoAccess, refuse } from '@/app/refuse';
import { refusalFor } from '@/lib/platform/http/refusals';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ token?: string; t?: string }> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { id } = await params;
  const { token } = await searchParams;
  const req = { headers: await headers() };
  const { video, decision } = await pageVideoAccess(id, token ?? null);
  if (!video || !decision.allow) return { title: decision.allow ? 'Video' : 'Weft', robots: { index: false } };
  const { db, signingKey } = await deps();
  const u = await unfurlOf(db, video, signingKey, baseUrlOf(req), token ?? null);
  // private and password-protected videos tell crawlers nothing
  if (!u) return { title: video.title, robots: { index: false, follow: false } };
  return {
    title: video.title,
    description: u.description ?? undefined,
    robots: u.index ? { index: true } : { index: false, follow: false },
    alternates: { canonical: u.watchUrl, types: { 'application/json+oembed': u.oembedUrl } },
    openGraph: {
      type: 'video.other',
      title: u.title,
      description: u.description ?? undefined,
      url: u.watchUrl,
      siteName: 'Weft',
      images: [{ url: u.image, width: u.imageWidth ?? undefined, height: u.imageHeight ?? undefined }],
      videos: [{ url: u.embedUrl, secureUrl: u.embedUrl.startsWith('https:') ? u.embedUrl : undefined, type: 'text/html', width: u.width, height: u.height }],
    },
    twitter: {
      card: 'player',
      title: u.title,
      description: u.description ?? undefined,
      images: [u.image],
      players: [{ playerUrl: u.embedUrl, streamUrl: u.embedUrl, width: u.width, height: u.height }],
    },
  };
}

export default async function WatchPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { token, t } = await searchParams;
  const req = { headers: await headers() };
  const { video, decision, principal } = await pageVideoAccess(id, token ?? null);
  if (!video || !decision.allow) {
    const code = decision.allow ? 'video_not_found' : decision.code;
    if (code === 'password_required') return <PasswordGate videoId={id} token={token ?? null} />;
    refuse(refusalFor(code));
  }
  const view = await videoViewFor(video, baseUrlOf(req), decision.manager);
  const { db, signingKey, config, playback, cdns, clock, storage, accessEpochs } = deps();
  const stream =
    video.status === 'ready' || video.status === 'playable' || isLive(video)
      ? await getStream(
          db,
          video,
          { key: signingKey, ttlSeconds: config.WEFT_MEDIA_URL_TTL_SECONDS, clock },
          // the player sends `stream_start` when it plays (a page view is not a playback)
          { canManage: decision.manager, playback: { ingest: playback, userId: principal?.userId ?? null, surface: 'page', facts: null }, bases: mediaBasesFor(cdns, config.WEFT_CDN_REGION_HEADER, req.headers), shareToken: token ?? null },
        ).catch(() => null)
      : null;
  const startAt = Math.max(0, Number(t) || 0);
  // the media requests this page is about to cause find the video's access epoch known
  if (stream) accessEpochs.note(video.id, video.accessEpoch);
  // the player starts from this HTML: the playlists inside, the first segment preloaded, the script after it
  const player = stream
    ? await pagePlayer({ entry: 'watch', storage, delivery: config.WEFT_MEDIA_DELIVERY, stream, videoId: video.id, token: token ?? null, startAt, resume: true, surface: 'page' })
    : null;
  return (
    <>
      <Watch
        initial={view}
        initialStream={stream}
        initialPlayer={player ? { settings: player.settings, script: player.script, preload: player.preload } : null}
        playerScript={playerScriptUrl('watch')}
        token={token ?? null}
        startAt={startAt}
        signedIn={Boolean(principal)}
      />
      {decision.manager && <OwnerPanels video={view} />}
    </>
  );
}
