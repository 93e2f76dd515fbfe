'use client';

import { useState } from 'react';
import { formatDuration } from '@/lib/shared/format';
import type { Analysis } from '@/lib/process/analysis/analyze';
import { api } from '@/lib/shared/client';

/** Summary, chapters and action items from the transcript; the owner may take the suggested title. */
export default function SummaryPanel({
  analysis,
  videoId,
  title,
  canManage,
  onSeek,
}: {
  analysis: Analysis;
  videoId: string;
  title: string;
  canManage: boolean;
  onSeek(seconds: number): void;
}) {
  const [taken, setTaken] = useState(false);
  const suggestion = analysis.suggestedTitle;
  const untitled = /^Recording(,| \d{4}-\d\d-\d\d)/.test(title);
  async function takeTitle() {
    if (!suggestion) return;
    const ok = await api.call('updateVideo', { params: { id: videoId }, body: { title: suggestion } }).then(
      () => true,
      () => false,
    );
    if (ok) {
      setTaken(true);
      window.location.reload();
    }
  }
  const time = (s: number) => (
    <button type="button" className="transcript-time" onClick={() => onSeek(s)} aria-label={`Play from ${formatDuration(s * 1000)}`}>
      {formatDuration(s * 1000)}
    </button>
  );
  return (
    <section className="panel summary" aria-labelledby="summary-title" data-testid="summary-panel">
      <div className="transcript-head">
        <h2 id="summary-title">Summary</h2>
        <span className={`badge badge-sentiment-${analysis.sentiment.label}`} title={`Sentiment score ${analysis.sentiment.score}`}>
          {analysis.sentiment.label}
        </span>
      </div>
      {analysis.summary.length > 0 ? <p className="summary-text">{analysis.summary.join(' ')}</p> : <p className="muted small">Too little was said to summarise.</p>}
      {canManage && untitled && suggestion && !taken && (
        <p className="small">
          Suggested title: <strong>{suggestion}</strong>{' '}
          <button type="button" className="button button-small" onClick={() => void takeTitle()} data-testid="take-title">
            Use it
          </button>
        </p>
      )}
      {analysis.chapters.length > 1 && (
        <>
          <h3>Chapters</h3>
          <ol className="summary-list" data-testid="chapters">
            {analysis.chapters.map((c) => (
              <li key={c.startSec}>
                {time(c.startSec)} <span>{c.title}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {analysis.actionItems.length > 0 && (
        <>
          <h3>Action items</h3>
          <ul className="summary-list" data-testid="action-items">
            {analysis.actionItems.map((a, i) => (
              <li key={`${a.atSec}-${i}`}>
                {time(a.atSec)} <span>{a.text}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted small summary-source">
        {analysis.source === 'llm' ? 'Written by the language model this Weft is set up with.' : 'Made on this server from the transcript.'}
      </p>
    </section>
  );
}
