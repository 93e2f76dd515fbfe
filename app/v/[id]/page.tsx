import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { runtime } from '@/lib/runtime';
import { findVideo } from '@/lib/videos/repo';
import { toVideoView } from '@/lib/videos/view';
import { baseUrlFromHeaders } from '@/app/request-url';
import Watch from './Watch';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { db } = await runtime();
  const v = await findVideo(db, id);
  return { title: v?.title ?? 'Video not found' };
}

export default async function WatchPage({ params }: Props) {
  const { id } = await params;
  const { db } = await runtime();
  const video = await findVideo(db, id);
  if (!video) notFound();
  return <Watch initial={toVideoView(video, await baseUrlFromHeaders())} />;
}
