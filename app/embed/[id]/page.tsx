import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { config } from '@/lib/config';
import { parseEmbedParams } from '@/lib/embed/params';
import { videoAccessFor } from '@/lib/http/auth';
import { baseUrlOf } from '@/lib/http/origin';
import { runtime } from '@/lib/runtime';
import { getStream } from '@/lib/streaming/service';
import { failureFor, shareUrl } from '@/lib/videos/view';
import EmbedGate from './EmbedGate';
import EmbedPlayer from './EmbedPlayer';
import EmbedWait from './EmbedWait';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { id } = await params;
  const token = (await searchParams).token;
  const { video, decision } = await videoAccessFor({ headers: await headers() }, id, typeof token === 'string' ? token : null);
  const title = video && decision.allow ? video.title : 'Weft';
  // an embed is a frame, not a page to find
  return { title: { absolute: title }, robots: { index: false, follow: false } };
}

/** A message in the frame (never the site around it, never a media segment). */
function Message({ title, text }: { title: string; text: string }) {
  return (
    <div className="embed-message" data-testid="embed-message" role="status">
      <strong>{title}</strong>
      <span>{text}</span>
    </div>
  );
}

/** `/embed/{id}`: the player alone, filling its frame; the access rules of the watch page. */
export default async function EmbedPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const token = typeof query.token === 'string' ? query.token : null;
  const opts = parseEmbedParams(query);
  const req = { headers: await headers() };
  const { video, decision } = await videoAccessFor(req, id, token);
  const base = baseUrlOf(req);
  let body: React.ReactNode;
  if (!video || !decision.allow) {
    const code = decision.allow ? 'video_not_found' : decision.code;
    if (code === 'password_required') body = <EmbedGate videoId={id} token={token} />;
    else if (code === 'share_link_expired' || code === 'share_link_revoked' || code === 'share_link_invalid')
      body = <Message title="This link no longer works" text="The share link has expired or was revoked. Ask the owner for a new one." />;
    else body = <Message title="Video unavailable" text="This video does not exist, or it is private." />;
  } else if (video.status === 'failed') {
    body = <Message title="Video unavailable" text={failureFor(video, decision.manager).message} />;
  } else if (video.status !== 'ready' && video.status !== 'playable') {
    body = <EmbedWait videoId={video.id} token={token} />;
  } else {
    const { db, signingKey } = await runtime();
    const stream = await getStream(db, video, { key: signingKey, ttlSeconds: config().WEFT_MEDIA_URL_TTL_SECONDS }, { canManage: decision.manager });
    body = (
      <EmbedPlayer
        videoId={video.id}
        title={video.title}
        watchUrl={`${shareUrl(base, video.id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`}
        stream={stream}
        token={token}
        options={opts}
      />
    );
  }
  return <div className="embed">{body}</div>;
}
