import type { Metadata } from 'next';
import { forbidden, notFound } from 'next/navigation';
import { videoViewFor } from '@/lib/http/video-view';
import { headers } from 'next/headers';
import { videoAccessFor } from '@/lib/http/auth';
import { baseUrlOf } from '@/lib/http/origin';
import PasswordGate from './PasswordGate';
import SharePanel from './SharePanel';
import Watch from './Watch';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ token?: string; t?: string }> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { id } = await params;
  const { token } = await searchParams;
  const { video, decision } = await videoAccessFor({ headers: await headers() }, id, token ?? null);
  if (!video || !decision.allow) return { title: decision.allow ? 'Video' : 'Weft', robots: { index: false } };
  return { title: video.title, robots: { index: video.visibility === 'public' } };
}

export default async function WatchPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { token, t } = await searchParams;
  const req = { headers: await headers() };
  const { video, decision } = await videoAccessFor(req, id, token ?? null);
  if (!video || !decision.allow) {
    const code = decision.allow ? 'video_not_found' : decision.code;
    if (code === 'password_required') return <PasswordGate videoId={id} token={token ?? null} />;
    if (code.startsWith('share_link_')) forbidden();
    notFound();
  }
  const view = await videoViewFor(video, baseUrlOf(req), decision.manager);
  return (
    <>
      <Watch initial={view} token={token ?? null} startAt={Math.max(0, Number(t) || 0)} />
      {decision.manager && <SharePanel video={view} />}
    </>
  );
}
