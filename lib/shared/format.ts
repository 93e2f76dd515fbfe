/**
 * 65_000 → "1:05"; 3_725_000 → "1:02:05". Whole seconds are counted down (a player's clock: the
 * last frame of a 14.9 s video shows 0:14), everywhere a time or a length is shown — the watch
 * page, the recorder's review, the embed, the insights.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000 + 1e-6));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * A moment, in the reader's locale and time zone: "Dec 6, 2026, 7:24 PM". Without `locale` the
 * runtime's own (the browser's); the page renders a fixed one first and the viewer's after
 * hydration (app/When.tsx).
 */
export function formatDateTime(iso: string | Date, locale?: string, timeZone?: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
}
