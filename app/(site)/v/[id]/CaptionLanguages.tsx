'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '@/lib/shared/client';
import type { ResponseOf } from '@/lib/shared/api/contract';
import { languageName } from '@/lib/shared/languages';

type Track = ResponseOf<'listCaptions'>['captions'][number];

const OFFERED = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'ja', 'ko', 'zh', 'ar', 'hi', 'ru', 'uk', 'tr'];

/**
 * Captions in other languages, under the transcript: each track with its downloads; owners add a
 * language (a job translates the transcript) and remove one. Pending tracks are polled.
 */
export default function CaptionLanguages({ videoId, query, spoken, canManage }: { videoId: string; query: string; spoken: string | null; canManage: boolean }) {
  const [tracks, setTracks] = useState<Track[]>([]);
  const [lang, setLang] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const token = new URLSearchParams(query).get('token');
  const load = useCallback(async () => {
    const r = await api.call('listCaptions', { params: { id: videoId }, query: { token } }).catch(() => null);
    if (r) setTracks(r.captions);
    return r?.captions ?? [];
  }, [videoId, token]);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const list = await load();
      if (!stop && list.some((t) => t.status === 'pending' || t.status === 'running')) timer = setTimeout(() => void tick(), 2000);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [load, round]);

  if (!canManage && tracks.length === 0) return null;
  const sep = token ? `&token=${encodeURIComponent(token)}` : '';
  return (
    <div className="caption-languages" data-testid="caption-languages">
      <h3 className="small">Captions in other languages</h3>
      {tracks.length > 0 && (
        <ul className="edit-list">
          {tracks.map((t) => (
            <li key={t.lang} data-testid="caption-track">
              <span className="small">{languageName(t.lang)}</span>
              {t.status === 'done' ? (
                <>
                  {(['vtt', 'srt'] as const).map((f) => (
                    <a key={f} className="button button-small" href={`/api/v1/videos/${videoId}/transcript?format=${f}&lang=${t.lang}${sep}`} download>
                      .{f}
                    </a>
                  ))}
                  <span className="muted small">{t.source === 'whisper' ? 'by Whisper' : 'by the language model'}</span>
                </>
              ) : t.status === 'failed' ? (
                <span className="error small">{t.error ?? 'Could not be made.'}</span>
              ) : (
                <span className="muted small">Translating…</span>
              )}
              {canManage && (
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Remove the ${languageName(t.lang)} captions`}
                  onClick={() => {
                    void api
                      .call('deleteCaptions', { params: { id: videoId, lang: t.lang } })
                      .then(() => setTracks((all) => all.filter((x) => x.lang !== t.lang)))
                      .catch((e: unknown) => setError(errorMessage(e, 'Could not remove them.')));
                  }}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!lang) return;
            setError(null);
            void api
              .call('requestCaptions', { params: { id: videoId }, body: { lang } })
              .then(() => {
                setLang('');
                setRound((r) => r + 1);
              })
              .catch((err: unknown) => setError(errorMessage(err, 'Could not ask for these captions.')));
          }}
        >
          <select value={lang} onChange={(e) => setLang(e.target.value)} aria-label="Caption language to add" data-testid="caption-language">
            <option value="">Add a language…</option>
            {OFFERED.filter((c) => c !== spoken && !tracks.some((t) => t.lang === c)).map((c) => (
              <option key={c} value={c}>
                {languageName(c)}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-small" disabled={!lang} data-testid="caption-add">
            Add captions
          </button>
        </form>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
