import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable, tempDir, type TestDatabase } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { authHeaders, signUpVia } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';
import { pollUntil } from '../helpers/poll';

const pgUp = await postgresAvailable();

/** Distributed mode: web server with WEFT_WORKERS=off and a separate `npm run worker` process, on PostgreSQL. */
describe.skipIf(!pgUp)('distributed mode on PostgreSQL [postgres]', () => {
  let testDb: TestDatabase;
  let url: string;
  let dir: string;
  let server: RunningServer;
  const workers: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        WEFT_DATA_DIR: dir,
        WEFT_JOB_POLL_MS: '500',
        WEFT_JOB_LEASE_SECONDS: '10',
        WEFT_FFMPEG_PRESET: 'medium',
        WEFT_LOG_LEVEL: 'warn',
        WEFT_WHISPER_MODEL: path.resolve('tests/fixtures/models/tiny-random-whisper'),
        WEFT_WHISPER_DTYPE: 'fp32',
        WEFT_WHISPER_THREADS: '1',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    workers.push(child);
    return child;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    url = testDb.url!;
    dir = tempDir('distributed');
    server = await startServer(dir, { DATABASE_URL: url, WEFT_WORKERS: 'off' });
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await server?.stop();
    await testDb?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a worker killed with -9 mid-transcode: the job is picked up again and the video becomes ready once', async () => {
    const file = makeVideo(path.join(dir, 'src.mp4'), { width: 1280, height: 720, seconds: 10 });
    const owner = await signUpVia(server.url, 'Owner');
    const rec = (await (await fetch(`${server.url}/api/v1/recordings`, { method: 'POST', headers: authHeaders(owner), body: '{}' })).json()) as {
      sessionId: string;
      videoId: string;
    };
    await new Promise<void>((resolve, reject) => {
      new tus.Upload(fs.readFileSync(file), {
        endpoint: `${server.url}/api/v1/uploads`,
        headers: authHeaders(owner),
        chunkSize: 4 * 1024 * 1024,
        metadata: { sessionId: rec.sessionId, filename: 'src.mp4', filetype: 'video/mp4' },
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    const video = async () => (await (await fetch(`${server.url}/api/v1/videos/${rec.videoId}`, { headers: authHeaders(owner) })).json()) as { status: string; processing: { stage: string; progress: number } };
    // web server alone does not process
    await new Promise((r) => setTimeout(r, 500));
    expect((await video()).status).toBe('processing');

    const first = startWorker();
    let v = await pollUntil(video, (x) => x.processing.stage === 'ladder' && x.processing.progress > 0.05, { interval: 100 });
    expect(v.processing.stage).toBe('ladder');
    expect(v.status).toBe('playable'); // the copied top rung plays while the ladder runs
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    startWorker();
    v = await pollUntil(video, (x) => x.status === 'ready' || x.status === 'failed', { timeout: 120_000, interval: 250 });
    expect(v.status).toBe('ready');
    const sql = postgres(url, { max: 1 });
    // video_processed follows the transcript, which may finish a moment after ready
    const evs = await pollUntil(
      async () => [...(await sql<{ type: string }[]>`select type from events where video_id = ${rec.videoId} and type = 'video_processed'`)],
      (rows) => rows.length > 0,
      { interval: 250 },
    );
    const jobs = await sql<{ attempts: number; status: string }[]>`select retry_count + 1 as attempts, case when state = 'completed' then 'done' else state::text end as status from pgboss.job where data->>'videoId' = ${rec.videoId} and name = 'process-video'`;
    await sql.end();
    expect(evs).toHaveLength(1);
    expect(jobs).toEqual([{ attempts: 2, status: 'done' }]);
    // the killed worker's scratch folder was cleared by the worker that took the job over
    expect(fs.readdirSync(path.join(dir, 'media', '.scratch'))).toEqual([]);
    expect((await fetch(`${server.url}/api/v1/streams/${rec.videoId}`, { headers: authHeaders(owner) })).status).toBe(200);
  }, 180_000);
});
