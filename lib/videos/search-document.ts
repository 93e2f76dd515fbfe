import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client';
import { comments, contentAnalysis, searchDocuments, videoTranscriptions, videos } from '../platform/db/schema';
import type { VideoId } from '../shared/api/enums';

/**
 * Rebuilds a video's search document from its title, transcript, summary and comments (the
 * tsvector follows). Comments are searched by whoever may watch the video: they see them anyway.
 */
export async function refreshSearchDocument(db: DbOrTx, videoId: VideoId): Promise<void> {
  const [video] = await db.select({ title: videos.title, ownerId: videos.ownerId }).from(videos).where(eq(videos.id, videoId));
  if (!video) return;
  const [t] = await db.select({ segments: videoTranscriptions.segments, status: videoTranscriptions.status }).from(videoTranscriptions).where(eq(videoTranscriptions.videoId, videoId));
  const [a] = await db.select({ analysis: contentAnalysis.analysis }).from(contentAnalysis).where(eq(contentAnalysis.videoId, videoId));
  const summary = Array.isArray(a?.analysis.summary) ? (a.analysis.summary as unknown[]).map(String).join(' ') : '';
  const said = await db.select({ text: comments.text }).from(comments).where(eq(comments.videoId, videoId)).orderBy(asc(comments.createdAt)).limit(500);
  const body = [t?.status === 'done' ? t.segments.map((s) => s.text).join('\n') : '', summary, ...said.map((c) => c.text)].filter(Boolean).join('\n');
  await db
    .insert(searchDocuments)
    .values({ videoId, ownerId: video.ownerId, title: video.title, body })
    .onConflictDoUpdate({ target: searchDocuments.videoId, set: { ownerId: video.ownerId, title: video.title, body, updatedAt: new Date() } });
}
