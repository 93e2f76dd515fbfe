/**
 * Transcription speed (issue: transcripts): realtime factor of a whisper-tiny-shaped model
 * (random weights, real dimensions; generated here by bench/tools/make-whisper-fixture.py, which
 * needs `apt-get install -y python3-onnx`) on this machine, end to end from a video file
 * (audio extraction + 30 s windows through Whisper in a worker thread), fp32 against q8.
 * Random weights never stop talking, so each window gets a fixed budget of 100 tokens (about what
 * 30 s of speech needs). Run: npm run bench:transcribe
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractPcm, SAMPLE_RATE } from '../lib/process/transcripts/audio';
import { WhisperRunner } from '../lib/process/transcripts/whisper';
import { makeSpeechVideo } from '../tests/helpers/media';

const MODEL_DIR = path.resolve('.tmp', 'bench-models', 'whisper-tiny-shaped');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-transcribe-'));

function ensureModel(): void {
  if (fs.existsSync(path.join(MODEL_DIR, 'onnx', 'decoder_model_merged_quantized.onnx'))) return;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' });
  } catch {
    throw new Error('the model generator needs the onnx Python package: apt-get install -y python3-onnx');
  }
  const t = Date.now();
  execFileSync('/usr/bin/python3', ['bench/tools/make-whisper-fixture.py', '--preset', 'whisper-tiny', '--out', MODEL_DIR, '--quantize'], { stdio: 'inherit' });
  console.log(`generated a whisper-tiny-shaped model in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

async function main() {
  ensureModel();
  const line = 'This week we finished the recorder, fixed the upload bug and planned the next release with the whole team. ';
  const video = makeSpeechVideo(path.join(work, 'talk.mp4'), line.repeat(12));
  const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', video]).toString());
  console.log(`speech video: ${seconds.toFixed(1)} s (espeak-ng), ${os.cpus().length} cores`);
  const rows: string[] = [];
  for (const dtype of ['fp32', 'q8'] as const) {
    const runner = new WhisperRunner();
    const opts = { model: MODEL_DIR, dtype, modelsDir: work, allowDownload: false, threads: os.cpus().length, language: 'en', maxNewTokens: 100 };
    // load once (not part of the steady state), then measure end to end from the file
    await runner.transcribe(new Float32Array(SAMPLE_RATE), opts);
    const t0 = Date.now();
    const pcm = await extractPcm('ffmpeg', video);
    const t1 = Date.now();
    const { segments } = await runner.transcribe(pcm, opts);
    const t2 = Date.now();
    await runner.close();
    const audio = pcm.length / SAMPLE_RATE;
    rows.push(
      `| ${dtype} | ${audio.toFixed(1)} s | ${t1 - t0} ms | ${((t2 - t1) / 1000).toFixed(2)} s | ${(audio / ((t2 - t0) / 1000)).toFixed(1)}× | ${segments.length} |`,
    );
  }
  console.log('\n| weights | audio | extraction | Whisper | realtime factor (end to end) | segments |\n|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
