import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { startSmtp, type ReceivedMail } from '../helpers/smtp';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { events, notifications, webhookDeliveries } from '@/lib/platform/db/schema';
import { enqueue } from '@/lib/platform/queue/jobs';
import { createMailer } from '@/lib/process/notify/mail';
import { createWebhook, signWebhook, verifyWebhook } from '@/lib/process/notify/webhooks';
import { inboxOf } from '@/lib/process/notify/inbox';
import type { WorkerGroup } from '@/lib/platform/queue/runner';
import { controlRecording, createRecording } from '@/lib/record/session/service';
import { diskStorage } from '@/lib/platform/storage/disk';
import type { Storage } from '@/lib/platform/storage';
import { putCopy } from '../helpers/storage';
import { WhisperRunner } from '@/lib/process/transcripts/whisper';
import { completeUpload, registerUpload } from '@/lib/record/uploads/service';
import { startWorkers } from '@/workers';
import { jobOfKey, jobsOfVideo } from '../helpers/jobs';
import { describeOnBothDatabases } from '../helpers/backends';
import { tempDir } from '../helpers/databases';
import { makeSpeechVideo } from '../helpers/media';
import { makeUser } from '../helpers/users';

const MODEL = path.resolve('tests/fixtures/models/tiny-random-whisper');
const work = tempDir('notify');
let talk = '';
beforeAll(() => {
  talk = makeSpeechVideo(path.join(work, 'talk.mp4'), 'We need to send the numbers to finance by Friday.');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Hook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describeOnBothDatabases('notifications: in-app, e-mail over SMTP, signed webhooks (once each)', (get) => {
  let storage: Storage;
  let workers: WorkerGroup;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hooks: http.Server;
  let mails: ReceivedMail[] = [];
  const received: Hook[] = [];
  let hookUrl = '';
  let smtpPort = 0;
  const whisper = new WhisperRunner();
  const mediaDir = tempDir('media');

  beforeAll(async () => {
    smtp = await startSmtp();
    smtpPort = smtp.port;
    mails = smtp.mails;
    // the endpoint fails the first delivery, then accepts
    hooks = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = received.length === 1 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/weft`;
    storage = diskStorage(mediaDir);
    workers = await startWorkers(
      get().db,
      {
        config: { FFMPEG_PATH: 'ffmpeg', FFPROBE_PATH: 'ffprobe', WEFT_FFMPEG_PRESET: 'ultrafast' },
        storage,
        transcription: { whisper, options: { model: MODEL, dtype: 'fp32', modelsDir: mediaDir, allowDownload: false, threads: 1 } },
        notify: { mailer: createMailer(`smtp://127.0.0.1:${smtpPort}`, 'Weft <weft@example.test>'), publicUrl: 'https://weft.example.test', allowPrivateWebhooks: true },
      },
      { concurrency: 2, pollMs: 100, soleWorker: false },
    );
  });
  afterAll(async () => {
    await workers.stop();
    await whisper.close();
    await smtp.close();
    await new Promise<void>((r) => hooks.close(() => r()));
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('tells the owner once — in the app, by e-mail and by a signed webhook retried until it lands', async () => {
    const { db } = get();
    mails.length = 0;
    received.length = 0;
    const owner = await makeUser(db, 'Owner');
    const hook = await createWebhook(db, owner.userId, hookUrl, { allowPrivate: true });
    expect(hook.secret).toMatch(/^whsec_/);
    const rec = await createRecording(db, owner.userId, { mode: 'screen', title: 'Finance sync' });
    await controlRecording(db, owner, rec.sessionId, 'start');
    const size = fs.statSync(talk).size;
    await registerUpload(db, { caller: owner, uploadId: 'notify1', storageKey: storage.uploads.keyOf('notify1'), metadata: { sessionId: rec.sessionId }, size });
    await putCopy(storage, storage.uploads.keyOf('notify1'), talk);
    await controlRecording(db, owner, rec.sessionId, 'stop');
    await completeUpload(db, 'notify1', size);

    // video_processed waits for the transcript (and its analysis): one event, one notification
    await expect.poll(async () => (await db.select().from(events).where(eq(events.videoId, rec.videoId))).filter((e) => e.type === 'video_processed').length, { timeout: 90_000 }).toBe(1);
    const [processed] = (await db.select().from(events).where(eq(events.videoId, rec.videoId))).filter((e) => e.type === 'video_processed');
    expect(processed!.payload).toMatchObject({ transcript: 'done' });
    await expect.poll(async () => (await inboxOf(db, owner.userId)).unread, { timeout: 30_000 }).toBe(1);
    expect((await inboxOf(db, owner.userId)).items[0]!.message).toContain('Finance sync');

    await expect.poll(() => mails.length, { timeout: 30_000 }).toBe(1);
    expect(mails[0]!.to).toBe(owner.email);
    expect(mails[0]!.data).toContain('Subject: Ready: Finance sync');
    expect(mails[0]!.data).toContain(`https://weft.example.test/v/${rec.videoId}`);

    await expect.poll(async () => (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, hook.id)))[0]?.status, { timeout: 30_000 }).toBe('delivered');
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, hook.id));
    expect(delivery).toMatchObject({ attempts: 2, lastStatusCode: 204, eventType: 'video.processed' });
    expect(received).toHaveLength(2);
    for (const r of received) {
      const headers = { id: String(r.headers['webhook-id']), timestamp: String(r.headers['webhook-timestamp']), signature: String(r.headers['webhook-signature']) };
      expect(headers.id).toBe(delivery!.id); // the same message id on every attempt
      expect(verifyWebhook(hook.secret, headers, r.body)).toBe(true);
      // and the reference implementation of the scheme agrees
      expect(() => new Webhook(hook.secret).verify(r.body, { 'webhook-id': headers.id, 'webhook-timestamp': headers.timestamp, 'webhook-signature': headers.signature })).not.toThrow();
      expect(verifyWebhook(hook.secret, headers, r.body.replace('Finance', 'Fin4nce'))).toBe(false);
    }
    expect(JSON.parse(received[1]!.body)).toMatchObject({ type: 'video.processed', data: { videoId: rec.videoId, title: 'Finance sync' } });

    // a redelivered notify job sends nothing twice
    const [job] = (await jobsOfVideo(db, rec.videoId)).filter((j) => j.kind === 'notify-ready');
    await enqueue(db, { kind: 'notify-ready', payload: job!.payload, dedupeKey: `again:${rec.videoId}`, videoId: rec.videoId });
    await expect.poll(async () => (await jobOfKey(db, 'notify-ready', `again:${rec.videoId}`))?.status, { timeout: 30_000 }).toBe('done');
    expect(mails).toHaveLength(1);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, hook.id))).toHaveLength(1);
    expect((await db.select().from(notifications).where(eq(notifications.videoId, rec.videoId)))).toHaveLength(1);
  });

  it('signatures: stale timestamps and other secrets are refused', () => {
    const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const body = '{"type":"video.processed"}';
    const now = Date.now();
    const ts = Math.floor(now / 1000);
    const signature = signWebhook(secret, 'msg_1', ts, body);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: String(ts), signature }, body)).toBe(true);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: String(ts - 600), signature }, body)).toBe(false);
    expect(verifyWebhook('whsec_' + Buffer.alloc(32, 8).toString('base64'), { id: 'msg_1', timestamp: String(ts), signature }, body)).toBe(false);
    expect(verifyWebhook(secret, { id: 'msg_2', timestamp: String(ts), signature }, body)).toBe(false);
  });
});
