/**
 * Optional richer understanding from an OpenAI-compatible chat endpoint (a local llama.cpp server,
 * Ollama, vLLM, or a hosted API). It refines the local analysis — summary, action items, chapters,
 * a title — and never replaces what it cannot improve: any failure leaves the local result.
 */
import { z } from 'zod';
import type { TranscriptSegment } from '../../platform/db/schema';
import type { Analysis } from './analyze';

export interface LlmOptions {
  /** API base, e.g. http://localhost:11434/v1 (`/chat/completions` is appended). */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
}

const reply = z.object({
  summary: z.array(z.string().trim().min(1)).min(1).max(6),
  actionItems: z.array(z.object({ text: z.string().trim().min(1), atSec: z.number().finite().min(0) })).max(20).default([]),
  chapters: z.array(z.object({ title: z.string().trim().min(1).max(80), startSec: z.number().finite().min(0) })).max(12).default([]),
  title: z.string().trim().min(1).max(100).nullable().optional(),
});

/** How much transcript goes into one request (characters): long videos are cut, the local analysis covers them. */
const MAX_TRANSCRIPT_CHARS = 24_000;

const clock = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;

export function transcriptPrompt(segments: TranscriptSegment[]): string {
  let text = '';
  for (const s of segments) {
    const line = `[${clock(s.start)} = ${Math.round(s.start)}s] ${s.text}\n`;
    if (text.length + line.length > MAX_TRANSCRIPT_CHARS) break;
    text += line;
  }
  return text;
}

const SYSTEM = [
  'You summarise the transcript of a short screen recording for the people it was sent to.',
  'Answer with one JSON object only, no prose, with these keys:',
  '"summary": 1 to 3 short sentences; "actionItems": [{"text", "atSec"}] for every task someone commits to or is asked to do',
  '(atSec: the second it is said); "chapters": [{"title", "startSec"}] in order, the first at 0, titles of at most 6 words;',
  '"title": a title of at most 8 words for the whole recording.',
  'Use only what the transcript says.',
].join(' ');

/** Pulls the first JSON object out of a model's answer (some wrap it in prose or a code fence). */
export function parseJsonObject(content: string): unknown {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the answer holds no JSON object');
  return JSON.parse(content.slice(start, end + 1)) as unknown;
}

/** One chat completion that must answer a JSON object: the object (parsed, not checked). Throws on any failure. */
export async function chatJson(opts: LlmOptions, system: string, user: string, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 120_000);
  const res = await fetch(`${opts.url.replace(/\/$/, '')}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
    body: JSON.stringify({
      model: opts.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    }),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (!res.ok) throw new Error(`the language model answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const body = (await res.json()) as { choices?: Array<{ message?: { content?: string } }> };
  const content = body.choices?.[0]?.message?.content;
  if (!content) throw new Error('the language model sent no message');
  return parseJsonObject(content);
}

/** Asks the endpoint; returns the local analysis refined by its answer. Throws on any failure. */
export async function refineWithLlm(opts: LlmOptions, segments: TranscriptSegment[], local: Analysis, durationSec: number): Promise<Analysis> {
  const parsed = reply.safeParse(await chatJson(opts, SYSTEM, transcriptPrompt(segments)));
  if (!parsed.success) throw new Error(`the language model's answer has the wrong shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const r = parsed.data;
  const within = (t: number) => Math.min(Math.max(0, durationSec), Math.max(0, t));
  const chapters = r.chapters
    .map((c) => ({ title: c.title, startSec: within(c.startSec) }))
    .sort((a, b) => a.startSec - b.startSec)
    .filter((c, i, all) => i === 0 || c.startSec > all[i - 1]!.startSec);
  if (chapters[0]) chapters[0].startSec = 0;
  return {
    ...local,
    summary: r.summary,
    actionItems: r.actionItems.map((a) => ({ text: a.text, atSec: within(a.atSec) })).sort((a, b) => a.atSec - b.atSec),
    chapters: chapters.length > 0 ? chapters : local.chapters,
    suggestedTitle: r.title ?? local.suggestedTitle,
    source: 'llm',
  };
}
