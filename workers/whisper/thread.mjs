// Whisper through transformers.js, inside a worker thread so the server's event loop never waits
// on inference. Plain JavaScript: worker threads load files from disk, outside the app's bundle.
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { env, pipeline, Tensor } from '@huggingface/transformers';

// Transcription is background work. On Linux a niceness applies to the calling thread only, and
// the inference threads ONNX Runtime starts from here inherit it: page loads and first renditions
// get the CPU first. (Other systems renice the whole process, so there it is left alone.)
if (workerData?.nice && process.platform === 'linux') {
  try {
    os.setPriority(workerData.nice);
  } catch {
    // not permitted: runs at normal priority
  }
}

const SAMPLE_RATE = 16000;
const WINDOW = 30 * SAMPLE_RATE;
const pipelines = new Map();

/** Control characters and replacement marks never reach a transcript. */
function clean(text) {
  return String(text ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function load(req) {
  const local = path.isAbsolute(req.model) || req.model.startsWith('.');
  const key = JSON.stringify([req.model, req.dtype, req.threads, req.modelsDir]);
  if (!pipelines.has(key)) {
    let id = req.model;
    if (local) {
      const dir = path.resolve(req.model);
      env.localModelPath = path.dirname(dir);
      env.allowRemoteModels = false;
      id = path.basename(dir);
    } else {
      env.localModelPath = req.modelsDir;
      env.cacheDir = req.modelsDir;
      env.allowRemoteModels = req.allowDownload;
    }
    env.allowLocalModels = true;
    const p = pipeline('automatic-speech-recognition', id, {
      dtype: req.dtype,
      session_options: { intraOpNumThreads: req.threads, interOpNumThreads: 1 },
    });
    p.catch(() => pipelines.delete(key));
    pipelines.set(key, p);
  }
  return pipelines.get(key);
}

/**
 * The spoken language of a 30 s window, as Whisper itself decides it: one decoder step after
 * <|startoftranscript|>, the most likely of the model's language tokens. English-only models: "en".
 */
async function detectLanguage(asr, window) {
  const gc = asr.model.generation_config;
  if (!gc?.is_multilingual || !gc.lang_to_id) return 'en';
  const { input_features } = await asr.processor(window);
  const start = new Tensor('int64', BigInt64Array.of(BigInt(gc.decoder_start_token_id)), [1, 1]);
  const { logits } = await asr.model({ input_features, decoder_input_ids: start });
  const vocab = logits.dims.at(-1);
  const last = logits.data.length - vocab;
  let best = null;
  for (const [token, id] of Object.entries(gc.lang_to_id)) {
    const score = logits.data[last + id];
    if (best === null || score > best.score) best = { code: token.replace(/^<\|/, '').replace(/\|>$/, ''), score };
  }
  return best?.code ?? null;
}

async function transcribe(req) {
  let asr;
  try {
    asr = await load(req);
  } catch (e) {
    throw new Error(`transcription model not available: ${req.model} (${e instanceof Error ? e.message : String(e)})`);
  }
  const audio = new Float32Array(req.audio);
  const segments = [];
  // one language for the whole video: configured, or detected from its first 30 s
  const language = req.language || (await detectLanguage(asr, audio.subarray(0, Math.min(audio.length, WINDOW))));
  for (let offset = 0; offset < audio.length; offset += WINDOW) {
    const window = audio.subarray(offset, Math.min(audio.length, offset + WINDOW));
    if (window.length < SAMPLE_RATE / 4) break; // under a quarter second: nothing to hear
    const start = offset / SAMPLE_RATE;
    const length = window.length / SAMPLE_RATE;
    // `translate`: Whisper's own task, English text for any spoken language (captions in English)
    const options = { return_timestamps: true, task: req.task === 'translate' ? 'translate' : 'transcribe' };
    if (language && asr.model.generation_config?.is_multilingual) options.language = language;
    if (req.maxNewTokens) options.max_new_tokens = req.maxNewTokens;
    const out = await asr(window, options);
    for (const chunk of out.chunks ?? []) {
      const text = clean(chunk.text);
      if (!text) continue;
      const [a, b] = chunk.timestamp ?? [0, null];
      const s = Math.min(length, Math.max(0, a ?? 0));
      const e = Math.min(length, Math.max(s, b ?? length));
      segments.push({ start: +(start + s).toFixed(3), end: +(start + e).toFixed(3), text });
    }
    parentPort.postMessage({ type: 'progress', id: req.id, fraction: Math.min(1, (offset + window.length) / audio.length) });
  }
  return { segments, language };
}

parentPort.on('message', (req) => {
  if (req?.type !== 'transcribe') return;
  transcribe(req).then(
    ({ segments, language }) => parentPort.postMessage({ type: 'done', id: req.id, segments, language }),
    (e) => parentPort.postMessage({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) }),
  );
});
