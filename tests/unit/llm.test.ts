import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTranscript } from '@/lib/process/analysis/analyze';
import { refineWithLlm, transcriptPrompt } from '@/lib/process/analysis/llm';
import type { TranscriptSegment } from '@/lib/platform/db/schema';

const segments: TranscriptSegment[] = [
  { start: 0, end: 5, text: 'Hi team, quick walkthrough of the new billing page.' },
  { start: 65, end: 70, text: 'Maria, please send the invoice export to finance by Friday.' },
  { start: 130, end: 136, text: 'Last part: the onboarding emails go out next week.' },
];

/**
 * An OpenAI-compatible chat endpoint on loopback (the protocol a llama.cpp server, Ollama or vLLM
 * speaks): it records what it was asked and answers with whatever the test sets.
 */
let answer: { status: number; content: string } = { status: 200, content: '{}' };
const asked: Array<{ auth: string | undefined; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];
const server = http.createServer((req, res) => {
  let data = '';
  req.on('data', (c: Buffer) => (data += c.toString()));
  req.on('end', () => {
    if (req.url !== '/v1/chat/completions' || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    asked.push({ auth: req.headers.authorization, body: JSON.parse(data) as (typeof asked)[number]['body'] });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.status === 200 ? JSON.stringify({ choices: [{ message: { role: 'assistant', content: answer.content } }] }) : '{"error":"overloaded"}');
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('analysis refined by an OpenAI-compatible language model (optional)', () => {
  const local = analyzeTranscript(segments, 140);

  it('sends the timed transcript and takes summary, action items, chapters and title from the answer', async () => {
    answer = {
      status: 200,
      // some models wrap the object in a code fence
      content:
        '```json\n' +
        JSON.stringify({
          summary: ['A walkthrough of the billing page, an invoice export for finance, and next week\'s onboarding emails.'],
          actionItems: [{ text: 'Maria sends the invoice export to finance by Friday', atSec: 65 }],
          chapters: [
            { title: 'Onboarding emails', startSec: 130 },
            { title: 'Billing page', startSec: 3 },
            { title: 'Out of range', startSec: 9999 },
          ],
          title: 'Billing page walkthrough',
        }) +
        '\n```',
    };
    const r = await refineWithLlm({ url, model: 'llama3.1', apiKey: 'k-123' }, segments, local, 140);
    const req = asked.at(-1)!;
    expect(req.auth).toBe('Bearer k-123');
    expect(req.body.model).toBe('llama3.1');
    expect(req.body.messages.at(-1)!.content).toContain('[1:05 = 65s] Maria, please send the invoice export');
    expect(r.source).toBe('llm');
    expect(r.suggestedTitle).toBe('Billing page walkthrough');
    expect(r.actionItems).toEqual([{ text: 'Maria sends the invoice export to finance by Friday', atSec: 65 }]);
    // in order, the first at 0, none past the end
    expect(r.chapters).toEqual([
      { title: 'Billing page', startSec: 0 },
      { title: 'Onboarding emails', startSec: 130 },
      { title: 'Out of range', startSec: 140 },
    ]);
    // what the model does not do stays local
    expect(r.sentiment).toEqual(local.sentiment);
    expect(r.keywords).toEqual(local.keywords);
  });

  it('fails clearly on an error status, an answer without JSON, or the wrong shape', async () => {
    answer = { status: 503, content: '' };
    await expect(refineWithLlm({ url, model: 'm' }, segments, local, 140)).rejects.toThrow(/answered 503/);
    answer = { status: 200, content: 'Sorry, I cannot help with that.' };
    await expect(refineWithLlm({ url, model: 'm' }, segments, local, 140)).rejects.toThrow(/no JSON object/);
    answer = { status: 200, content: '{"summary": "not a list"}' };
    await expect(refineWithLlm({ url, model: 'm' }, segments, local, 140)).rejects.toThrow(/wrong shape/);
  });

  it('keeps long transcripts within the request budget', () => {
    const long = Array.from({ length: 5000 }, (_, i) => ({ start: i * 3, end: i * 3 + 3, text: 'We walk through the next step of the setup together.' }));
    const prompt = transcriptPrompt(long);
    expect(prompt.length).toBeLessThanOrEqual(24_000);
    expect(prompt.startsWith('[0:00 = 0s] We walk through')).toBe(true);
  });
});
