/** Translating a transcript's segments: with an OpenAI-compatible chat endpoint, a batch of lines at a time. */
import { z } from 'zod';
import type { TranscriptSegment } from '../../platform/db/schema';
import { chatJson, type LlmOptions } from '../analysis/llm';
import { languageName } from '../../shared/languages';

/** Lines per request: small enough for any model's context, large enough to keep the meaning across lines. */
const BATCH = 40;

const reply = z.object({ lines: z.array(z.string()) });


/** The segments with their text in `lang`, times unchanged. Throws on any failure (the job retries, then fails with the reason). */
export async function translateWithLlm(opts: LlmOptions, segments: readonly TranscriptSegment[], lang: string, from: string | null, signal?: AbortSignal): Promise<TranscriptSegment[]> {
  const out: TranscriptSegment[] = [];
  const target = languageName(lang);
  for (let i = 0; i < segments.length; i += BATCH) {
    const batch = segments.slice(i, i + BATCH);
    const system = `You translate video captions${from ? ` from ${languageName(from)}` : ''} into ${target}. Answer with one JSON object only: {"lines": [...]}, exactly ${batch.length} strings, the translation of each numbered line in the same order. Keep each line's meaning in its own line.`;
    const answer = await chatJson(opts, system, batch.map((s, k) => `${k + 1}. ${s.text}`).join('\n'), signal);
    const parsed = reply.safeParse(answer);
    if (!parsed.success || parsed.data.lines.length !== batch.length) {
      throw new Error(`the language model's answer has the wrong shape (${parsed.success ? `${parsed.data.lines.length} lines for ${batch.length}` : 'no "lines"'})`);
    }
    batch.forEach((s, k) => out.push({ start: s.start, end: s.end, text: parsed.data.lines[k]!.replace(/^\d+\.\s*/, '').trim() || s.text }));
  }
  return out;
}
