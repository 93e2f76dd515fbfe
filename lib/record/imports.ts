/**
 * Videos made elsewhere (a phone, OBS, a meeting tool) come in as imports: a video and a session
 * of mode `import` that expects one tus upload of the declared size. The upload then goes the way
 * of a recording's (raw_video_uploaded → the pipeline), and the pipeline's bad-input rules apply.
 */
import type { Db } from '../platform/db/client';
import { recordingSessions } from '../platform/db/schema';
import { WeftError } from '../platform/errors';
import { takeThrottled, type ThrottleRule } from '../platform/accounts/throttle';
import { systemClock, type Clock } from '../platform/clock';
import { refreshSearchDocument } from '../videos/search-document';
import type { VideoId } from '../shared/api/enums';
import { insertVideo, recordingTarget } from './session/service';

export interface NewImport {
  filename: string;
  size: number;
  title?: string;
  filetype?: string;
  workspaceId?: string;
  folderId?: string | null;
}

export interface CreatedImport {
  videoId: VideoId;
  sessionId: string;
  /** The tus Upload-Metadata the upload must carry. */
  uploadMetadata: Record<string, string>;
}

/** What stops a loop: 200 imports an hour per account. */
const IMPORT_RULES = (userId: string): ThrottleRule[] => [{ key: `import:${userId}`, limit: 200, windowMs: 3600_000, message: 'Too many imports in an hour; try again later.' }];

/** The title a file gives when none is asked for: its name without the extension. */
export function titleOfFile(filename: string): string {
  const base = filename.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,8}$/, '').replace(/[_]+/g, ' ').trim();
  return (base || 'Imported video').slice(0, 200);
}

export async function createImport(db: Db, ownerId: string, input: NewImport, opts: { maxBytes: number; clock?: Clock }): Promise<CreatedImport> {
  if (input.size > opts.maxBytes) {
    throw new WeftError('import_too_large', `The file is ${formatBytes(input.size)}; the largest upload this server takes is ${formatBytes(opts.maxBytes)}.`);
  }
  return db.transaction(async (tx) => {
    await takeThrottled(tx, IMPORT_RULES(ownerId), opts.clock ?? systemClock);
    const target = await recordingTarget(tx, ownerId, input.workspaceId, input.folderId ?? null);
    const video = await insertVideo(tx, ownerId, target, { title: input.title?.trim() || titleOfFile(input.filename), autoTitle: false });
    const now = new Date();
    const [session] = await tx
      .insert(recordingSessions)
      .values({ videoId: video.id, ownerId, mode: 'import', status: 'stopped', importSize: input.size, mimeType: input.filetype ?? null, startedAt: now, stoppedAt: now })
      .returning({ id: recordingSessions.id });
    if (!session) throw new WeftError('internal', 'Could not create the import.');
    await refreshSearchDocument(tx, video.id);
    const uploadMetadata: Record<string, string> = { sessionId: session.id, videoId: video.id, filename: input.filename };
    if (input.filetype) uploadMetadata.filetype = input.filetype;
    return { videoId: video.id, sessionId: session.id, uploadMetadata };
  });
}

function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}
