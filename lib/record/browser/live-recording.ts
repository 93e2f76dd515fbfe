/** One recording's life in the browser: session API, MediaRecorder, safety copy and tus upload. */
import * as tus from 'tus-js-client';
import { ApiError, type ApiClient } from '../../shared/client';
import type { RecordingAction } from '../../shared/api/enums';
import type { Capture, Mode } from './capture';
import { isQuotaError, spoolBlob, spoolChunk, spoolDelete, spoolStart, spoolStopped, spoolUploadUrl, type SpooledRecording } from './spool';

export interface SessionInfo {
  sessionId: string;
  videoId: string;
  shareUrl: string;
}

/** The server a recording goes to: the typed API client, and what tus requests need (the upload path, the token). */
export interface RecorderServer {
  client: ApiClient;
  /** Extra headers for tus requests (an extension's bearer token); none for same-origin pages. */
  uploadHeaders?: () => Record<string, string>;
}

export const control = (server: RecorderServer, sessionId: string, action: RecordingAction) =>
  server.client.call('controlRecording', { params: { id: sessionId }, body: { action } });

function uploadEndpoint(server: RecorderServer): string {
  return `${server.client.baseUrl}/api/v1/uploads`;
}

/**
 * Upload chunks while recording hold about CHUNK_SECONDS of the recording, between 256 KB and
 * 2 MB: 1–2 MB at the bitrates of a busy screen with the camera, smaller for a still screen, so
 * that at Stop only the last couple of seconds are left to send whatever the bitrate.
 */
const CHUNK_SECONDS = 2;
const MIN_CHUNK = 256 * 1024;
const MAX_CHUNK = 2 * 1024 * 1024;
/** Uploading a finished recording from the safety copy. */
const CHUNK_SIZE = 1024 * 1024;

export function liveChunkSize(bytesRecorded: number, recordedMs: number): number {
  if (recordedMs < 1000) return MIN_CHUNK;
  const perSecond = bytesRecorded / (recordedMs / 1000);
  return Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, perSecond * CHUNK_SECONDS)));
}
const RETRY_DELAYS = [0, 1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 20_000, 30_000];

export interface Listener {
  bytes(recorded: number, uploaded: number): void;
  uploaded(): void;
  warn(message: string): void;
}

export class LiveRecording {
  private recorder: MediaRecorder | null = null;
  private upload: tus.Upload | null = null;
  private seq = 0;
  private recorded = 0;
  private spoolOk = true;
  private chain: Promise<void> = Promise.resolve();
  private activeMs = 0;
  private resumedAt = 0;
  private streamFailed = false;
  private finished = false;
  private stopping = false;
  /** Every chunk, for the local review after Stop. */
  private readonly kept: Blob[] = [];

  constructor(
    private readonly server: RecorderServer,
    readonly info: SessionInfo,
    readonly mimeType: string,
    private readonly capture: Capture,
    private readonly listener: Listener,
  ) {}

  static async create(server: RecorderServer, video: { mode: Mode; title?: string }, mimeType: string, capture: Capture, listener: Listener): Promise<LiveRecording> {
    const info = await server.client.call('createRecording', { body: { mode: video.mode, mimeType, ...(video.title ? { title: video.title, autoTitle: true } : {}) } });
    return new LiveRecording(server, info, mimeType, capture, listener);
  }

  /** The whole recording, once stopped. */
  recordingBlob(): Blob {
    return new Blob(this.kept, { type: this.mimeType.split(';')[0] });
  }

  /** What is being recorded, for the on-page preview. */
  get previewStream(): MediaStream {
    return this.capture.stream;
  }

  elapsedMs(): number {
    return this.activeMs + (this.resumedAt ? Date.now() - this.resumedAt : 0);
  }

  async start(): Promise<void> {
    await spoolStart({ sessionId: this.info.sessionId, videoId: this.info.videoId, shareUrl: this.info.shareUrl, mimeType: this.mimeType, startedAt: Date.now() }).catch(
      (e: unknown) => this.spoolFailed(e),
    );
    const recorder = new MediaRecorder(this.capture.stream, {
      mimeType: this.mimeType,
      videoBitsPerSecond: this.capture.stream.getVideoTracks()[0]?.getSettings().height === 1080 ? 5_000_000 : 2_500_000,
      audioBitsPerSecond: 128_000,
      // Chromium: a keyframe every 2 s, so fragments line up with HLS segments.
      ...({ videoKeyFrameIntervalDuration: 2000 } as object),
    });
    this.recorder = recorder;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const bytes = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    recorder.addEventListener('dataavailable', (e: BlobEvent) => {
      if (e.data.size === 0) return;
      const seq = this.seq++;
      const data = e.data;
      this.kept.push(data);
      // in order: safety copy first, then the uploader
      this.chain = this.chain.then(async () => {
        if (this.spoolOk) await spoolChunk(this.info.sessionId, seq, data).catch((err: unknown) => this.spoolFailed(err));
        this.recorded += data.size;
        // tus-js-client reads the chunk size for each new chunk
        if (this.upload && !this.stopping) this.upload.options.chunkSize = liveChunkSize(this.recorded, this.elapsedMs());
        this.listener.bytes(this.recorded, this.uploadedBytes);
        if (!this.streamFailed) controller.enqueue(new Uint8Array(await data.arrayBuffer()));
      });
    });
    recorder.addEventListener('stop', () => {
      this.chain = this.chain.then(() => {
        if (!this.streamFailed) controller.close();
      });
    });
    const ext = this.mimeType.startsWith('video/mp4') ? 'mp4' : 'webm';
    this.upload = new tus.Upload(bytes.getReader(), {
      endpoint: uploadEndpoint(this.server),
      headers: this.server.uploadHeaders?.() ?? {},
      uploadLengthDeferred: true,
      chunkSize: MIN_CHUNK,
      retryDelays: RETRY_DELAYS,
      storeFingerprintForResuming: false,
      metadata: { sessionId: this.info.sessionId, filename: `recording.${ext}`, filetype: this.mimeType.split(';')[0] ?? this.mimeType },
      onUploadUrlAvailable: () => {
        if (this.upload?.url) void spoolUploadUrl(this.info.sessionId, this.upload.url).catch(() => undefined);
      },
      onProgress: (sent) => {
        this.uploadedBytes = sent;
        this.listener.bytes(this.recorded, sent);
      },
      onSuccess: () => void this.uploadDone(),
      onError: (e) => {
        // the stream cannot rewind: finish from the safety copy once recording stops
        this.streamFailed = true;
        this.listener.warn(`The connection dropped (${e.message.split('\n')[0]}). Your recording is kept on this computer and will be uploaded when it is back.`);
        if (this.recorder?.state === 'inactive') void this.finishFromSpool();
      },
    });
    this.upload.start();
    recorder.start(1000);
    this.resumedAt = Date.now();
    await control(this.server, this.info.sessionId, 'start').catch((e: Error) => this.listener.warn(`The server did not take the start: ${e.message}`));
  }

  private uploadedBytes = 0;

  private spoolFailed(e: unknown): void {
    if (!this.spoolOk) return;
    this.spoolOk = false;
    this.listener.warn(
      isQuotaError(e)
        ? 'This browser is out of storage for the local safety copy. The upload goes on, but if the connection drops for long, part of this recording could be lost. Free some disk space to be safe.'
        : 'The local safety copy is not available in this browser (private mode?). The upload goes on without it.',
    );
  }

  async pause(): Promise<void> {
    if (this.recorder?.state !== 'recording') return;
    this.recorder.pause();
    this.activeMs += Date.now() - this.resumedAt;
    this.resumedAt = 0;
    await control(this.server, this.info.sessionId, 'pause').catch(() => undefined);
  }

  async resume(): Promise<void> {
    if (this.recorder?.state !== 'paused') return;
    this.recorder.resume();
    this.resumedAt = Date.now();
    await control(this.server, this.info.sessionId, 'resume').catch(() => undefined);
  }

  /** Stops capture; the share link is valid at once, the upload finishes its last chunk. */
  async stop(): Promise<void> {
    const r = this.recorder;
    if (!r || r.state === 'inactive') return;
    if (this.resumedAt) this.activeMs += Date.now() - this.resumedAt;
    this.resumedAt = 0;
    const stopped = new Promise<void>((resolve) => r.addEventListener('stop', () => resolve(), { once: true }));
    // the tail goes in one request: at Stop nothing is gained by cutting it up
    if (this.upload) this.upload.options.chunkSize = Number.POSITIVE_INFINITY;
    this.stopping = true;
    r.stop();
    this.capture.stop();
    await stopped;
    await spoolStopped(this.info.sessionId).catch(() => undefined);
    await control(this.server, this.info.sessionId, 'stop').catch((e: Error) => this.listener.warn(`The server did not take the stop: ${e.message}`));
    if (this.streamFailed) await this.finishFromSpool();
  }

  /** Throws the recording away: capture, upload, server session and safety copy. */
  async cancel(): Promise<void> {
    this.finished = true;
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    this.capture.stop();
    await this.upload?.abort(false).catch(() => undefined);
    await control(this.server, this.info.sessionId, 'cancel').catch(() => undefined);
    await spoolDelete(this.info.sessionId).catch(() => undefined);
  }

  private async uploadDone(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await spoolDelete(this.info.sessionId).catch(() => undefined);
    this.listener.uploaded();
    for (const w of this.uploadWaiters.splice(0)) w();
  }

  private readonly uploadWaiters: Array<() => void> = [];

  /** Resolves when the server has the whole recording, or after `maxMs` (whichever comes first). */
  whenUploaded(maxMs: number): Promise<void> {
    if (this.finished) return Promise.resolve();
    return new Promise((resolve) => {
      this.uploadWaiters.push(resolve);
      setTimeout(resolve, maxMs);
    });
  }

  private async finishFromSpool(): Promise<void> {
    await this.chain;
    const rec: SpooledRecording = {
      ...this.info,
      mimeType: this.mimeType,
      uploadUrl: this.upload?.url ?? null,
      startedAt: 0,
      stoppedAt: Date.now(),
      bytes: this.recorded,
      chunks: this.seq,
    };
    await uploadSpooled(this.server, rec, (sent, total) => this.listener.bytes(total, sent)).then(
      () => this.uploadDone(),
      (e: Error) => this.listener.warn(`The upload could not finish yet: ${e.message}. It is kept on this computer; open the recorder again to retry.`),
    );
  }
}

/**
 * Uploads a recording rebuilt from the safety copy: resumes the server's upload where it stopped
 * (or starts one), declaring the final length.
 */
export async function uploadSpooled(server: RecorderServer, rec: SpooledRecording, onProgress: (sent: number, total: number) => void): Promise<void> {
  const blob = await spoolBlob(rec);
  if (blob.size === 0) throw new Error('nothing was recorded');
  const ext = rec.mimeType.startsWith('video/mp4') ? 'mp4' : 'webm';
  await new Promise<void>((resolve, reject) => {
    const u = new tus.Upload(blob, {
      endpoint: uploadEndpoint(server),
      headers: server.uploadHeaders?.() ?? {},
      ...(rec.uploadUrl ? { uploadUrl: rec.uploadUrl } : {}),
      uploadLengthDeferred: true,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      storeFingerprintForResuming: false,
      metadata: { sessionId: rec.sessionId, filename: `recording.${ext}`, filetype: rec.mimeType.split(';')[0] ?? rec.mimeType },
      onProgress: (sent) => onProgress(sent, blob.size),
      onSuccess: () => resolve(),
      onError: reject,
    });
    u.start();
  });
  await spoolDelete(rec.sessionId);
}

/** An unfinished recording found on this computer: stop it on the server, then upload the rest. */
export async function recoverSpooled(server: RecorderServer, rec: SpooledRecording, onProgress: (sent: number, total: number) => void): Promise<void> {
  await control(server, rec.sessionId, 'stop').catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'session_not_found') throw new Error('This recording was deleted on the server.');
    // invalid_transition: already stopped, or never started — both fine
  });
  await uploadSpooled(server, rec, onProgress);
}
