import { EVENTS, Server, type Locker } from '@tus/server';
import type { Db } from '../../platform/db/client';
import { isWeftError } from '../../platform/errors';
import { log } from '../../platform/log';
import type { Storage } from '../../platform/storage';
import type { Viewer } from '../../videos/policy';
import { assertUploadAccess, completeUpload, isLiveUpload, markUploadTerminated, registerUpload } from './service';

export const UPLOADS_PATH = '/api/v1/uploads';

export interface TusOptions {
  maxBytes: number;
  expiryMs: number;
  /** Upload locks across web nodes (default: in this process only). */
  locker?: Locker;
}

function tusError(e: unknown): { status_code: number; body: string } {
  if (isWeftError(e)) return { status_code: e.status, body: JSON.stringify(e.toJSON()) + '\n' };
  log.error('upload hook failed', { error: String(e) });
  return {
    status_code: 500,
    body: JSON.stringify({ error: { code: 'internal', message: 'The upload could not be recorded.' } }) + '\n',
  };
}

/** Who is calling, from a request's headers (cookie or bearer token). */
export type CallerOf = (req: { headers: { get(name: string): string | null } }) => Promise<Viewer>;

/** tus 1.0 (creation, creation-with-upload, creation-defer-length, termination, expiration) on the media storage (a folder or a bucket). */
export function createTusServer(db: Db, storage: Storage, options: TusOptions, callerOf: CallerOf): Server {
  const datastore = storage.uploads.datastore({ expiryMs: options.expiryMs, isLive: (id) => isLiveUpload(db, id) });
  const server = new Server({
    path: UPLOADS_PATH,
    datastore,
    ...(options.locker ? { locker: options.locker } : {}),
    relativeLocation: true,
    maxSize: options.maxBytes,
    disableTerminationForFinishedUploads: true,
    async onIncomingRequest(req, uploadId) {
      if (req.method === 'POST') return; // creation is checked in onUploadCreate
      try {
        await assertUploadAccess(db, uploadId, await callerOf(req));
      } catch (e) {
        throw tusError(e);
      }
    },
    async onUploadCreate(req, upload) {
      try {
        await registerUpload(db, {
          caller: await callerOf(req),
          uploadId: upload.id,
          storageKey: storage.uploads.keyOf(upload.id),
          metadata: upload.metadata ?? {},
          size: upload.size,
        });
      } catch (e) {
        throw tusError(e);
      }
      return {};
    },
    async onUploadFinish(_req, upload) {
      try {
        await completeUpload(db, upload.id, upload.offset);
      } catch (e) {
        throw tusError(e);
      }
      return {};
    },
  });
  server.on(EVENTS.POST_TERMINATE, (_req, _res, id) => {
    void markUploadTerminated(db, id).catch((e) => log.warn('marking an upload terminated failed', { id, error: String(e) }));
  });
  return server;
}
