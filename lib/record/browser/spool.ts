/**
 * The recorder's safety copy: every MediaRecorder chunk is written to IndexedDB before it is
 * handed to the uploader, and kept until the server has the whole recording. After a network
 * outage that outlasted the retries, a reload or a crash, the recording is rebuilt from here and
 * the tus upload resumes where the server stopped.
 */
export interface SpooledRecording {
  sessionId: string;
  videoId: string;
  shareUrl: string;
  mimeType: string;
  uploadUrl: string | null;
  startedAt: number;
  stoppedAt: number | null;
  bytes: number;
  chunks: number;
}

const DB_NAME = 'weft-recorder';
const RECORDINGS = 'recordings';
const CHUNKS = 'chunks';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(RECORDINGS, { keyPath: 'sessionId' });
      db.createObjectStore(CHUNKS, { keyPath: ['sessionId', 'seq'] });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'));
  });
}

let dbPromise: Promise<IDBDatabase> | null = null;
function db(): Promise<IDBDatabase> {
  dbPromise ??= open();
  return dbPromise;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
  });
}

export function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

export async function spoolStart(r: Omit<SpooledRecording, 'bytes' | 'chunks' | 'stoppedAt' | 'uploadUrl'>): Promise<void> {
  const tx = (await db()).transaction(RECORDINGS, 'readwrite');
  tx.objectStore(RECORDINGS).put({ ...r, uploadUrl: null, stoppedAt: null, bytes: 0, chunks: 0 } satisfies SpooledRecording);
  await done(tx);
}

async function update(sessionId: string, fn: (r: SpooledRecording) => void): Promise<void> {
  const tx = (await db()).transaction(RECORDINGS, 'readwrite');
  const store = tx.objectStore(RECORDINGS);
  const req = store.get(sessionId);
  req.onsuccess = () => {
    const r = req.result as SpooledRecording | undefined;
    if (!r) return;
    fn(r);
    store.put(r);
  };
  await done(tx);
}

/** Appends one chunk (and the running totals) in one transaction. */
export async function spoolChunk(sessionId: string, seq: number, data: Blob): Promise<void> {
  const tx = (await db()).transaction([CHUNKS, RECORDINGS], 'readwrite');
  tx.objectStore(CHUNKS).put({ sessionId, seq, data });
  const rec = tx.objectStore(RECORDINGS);
  const req = rec.get(sessionId);
  req.onsuccess = () => {
    const r = req.result as SpooledRecording | undefined;
    if (!r) return;
    r.bytes += data.size;
    r.chunks = Math.max(r.chunks, seq + 1);
    rec.put(r);
  };
  await done(tx);
}

export const spoolUploadUrl = (sessionId: string, url: string) => update(sessionId, (r) => void (r.uploadUrl = url));
export const spoolStopped = (sessionId: string) => update(sessionId, (r) => void (r.stoppedAt ??= Date.now()));

export async function spoolList(): Promise<SpooledRecording[]> {
  const tx = (await db()).transaction(RECORDINGS, 'readonly');
  const req = tx.objectStore(RECORDINGS).getAll();
  await done(tx);
  return (req.result as SpooledRecording[]).sort((a, b) => b.startedAt - a.startedAt);
}

/** The whole recording as one Blob, chunks in order. */
export async function spoolBlob(r: SpooledRecording): Promise<Blob> {
  const tx = (await db()).transaction(CHUNKS, 'readonly');
  const range = IDBKeyRange.bound([r.sessionId, 0], [r.sessionId, Number.MAX_SAFE_INTEGER]);
  const req = tx.objectStore(CHUNKS).getAll(range);
  await done(tx);
  const rows = (req.result as Array<{ seq: number; data: Blob }>).sort((a, b) => a.seq - b.seq);
  return new Blob(rows.map((c) => c.data), { type: r.mimeType.split(';')[0] });
}

export async function spoolDelete(sessionId: string): Promise<void> {
  const tx = (await db()).transaction([CHUNKS, RECORDINGS], 'readwrite');
  tx.objectStore(CHUNKS).delete(IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER]));
  tx.objectStore(RECORDINGS).delete(sessionId);
  await done(tx);
}
