/**
 * Fetches the configured Whisper model (WEFT_WHISPER_MODEL, WEFT_WHISPER_DTYPE) into
 * WEFT_MODELS_DIR, for machines that will run offline later. Usage: npm run models:fetch
 */
import { configFromEnv } from '../lib/platform/config';
import { WhisperRunner } from '../lib/process/transcripts/whisper';

async function main() {
  const cfg = configFromEnv();
  const runner = new WhisperRunner();
  const started = Date.now();
  console.log(`fetching ${cfg.WEFT_WHISPER_MODEL} (${cfg.WEFT_WHISPER_DTYPE}) into ${cfg.modelsDir} …`);
  // one second of silence through the real pipeline: loads (and so downloads) every file it needs
  await runner.transcribe(new Float32Array(16_000), {
    model: cfg.WEFT_WHISPER_MODEL,
    dtype: cfg.WEFT_WHISPER_DTYPE,
    modelsDir: cfg.modelsDir,
    allowDownload: true,
    threads: cfg.WEFT_WHISPER_THREADS,
  });
  await runner.close();
  console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: transcription works offline from now on.`);
}

main().catch((e: unknown) => {
  console.error(`models:fetch failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
