import fs from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { WorkerGroup } from '@/lib/platform/queue/runner';
import { startWorkers } from '@/workers';
import type { StorageBackend } from './backends';
import type { Db } from '@/lib/platform/db/client';
import type { Storage } from '@/lib/platform/storage';
import { controlRecording, createRecording } from '@/lib/record/session/service';
import { completeUpload, registerUpload } from '@/lib/record/uploads/service';
import type { VideoId } from '@/lib/shared/api/enums';
import { putCopy } from './storage';
import { makeUser } from './users';

/**
 * A recording of a new owner whose upload is `file`, put where the tus server keeps uploads, then
 * stopped and completed: the pipeline takes it from there. `live`: the upload's length was deferred
 * (as the recorder uploads while recording).
 */
export async function ingestFile(db: Db, storage: Storage, file: string, uploadId: string, opts: { title?: string; live?: boolean } = {}): Promise<{ videoId: VideoId; owner: Awaited<ReturnType<typeof makeUser>> }> {
  const owner = await makeUser(db, 'Owner');
  const rec = await createRecording(db, owner.userId, { mode: 'screen', ...(opts.title ? { title: opts.title } : {}) });
  await controlRecording(db, owner, rec.sessionId, 'start');
  const size = fs.statSync(file).size;
  await registerUpload(db, { caller: owner, uploadId, storageKey: storage.uploads.keyOf(uploadId), metadata: { sessionId: rec.sessionId }, size: opts.live === false ? size : undefined });
  await putCopy(storage, storage.uploads.keyOf(uploadId), file);
  await controlRecording(db, owner, rec.sessionId, 'stop');
  await completeUpload(db, uploadId, size);
  return { videoId: rec.videoId, owner };
}

/** Inside a `describeOnStorages` suite: the job workers (real ffmpeg, ultrafast) run for the suite's database and storage. */
export function withMediaWorkers(get: () => StorageBackend): void {
  let pool: WorkerGroup | null = null;
  beforeAll(async () => {
    pool = await startWorkers(
      get().db,
      { config: { FFMPEG_PATH: 'ffmpeg', FFPROBE_PATH: 'ffprobe', WEFT_FFMPEG_PRESET: 'ultrafast' }, storage: get().storage },
      { concurrency: 2, pollMs: 100, soleWorker: false },
    );
  });
  afterAll(async () => {
    await pool?.stop();
  });
}
