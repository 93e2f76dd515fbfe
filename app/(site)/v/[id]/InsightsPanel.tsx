'use client';

import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, errorMessage } from '@/lib/shared/client';
import type { ResponseOf } from '@/lib/shared/api/contract';
import { formatDuration } from '@/lib/shared/format';
import ErrorText from '@/app/ErrorText';

type Insights = ResponseOf<'insights'>;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A uPlot chart (loaded only for the owner's panel), redrawn when the data or the width changes. */
function Chart({
  data,
  series,
  label,
  testId,
  x,
  y,
}: {
  data: uPlot.AlignedData;
  series: uPlot.Series[];
  label: string;
  testId: string;
  /** The axes' names and how the x values read (a time in the video, a day). */
  x: { label: string; format: (v: number) => string };
  y: { label: string };
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let stopped = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (stopped) return;
      plot = new UPlot(
        {
          width: el.clientWidth || 600,
          height: 180,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          // counts start at 0 (a curve from 3 to 4 viewers must not look like a cliff)
          scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
          axes: [
            { stroke: '#6b6880', grid: { stroke: '#eceaf3' }, label: x.label, labelSize: 18, font: '12px system-ui', labelFont: '12px system-ui', values: (_u, splits) => splits.map((v) => x.format(v)) },
            {
              stroke: '#6b6880',
              grid: { stroke: '#eceaf3' },
              size: 44,
              label: y.label,
              labelSize: 18,
              font: '12px system-ui',
              labelFont: '12px system-ui',
              // whole viewers only
              values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
            },
          ],
          series: [{}, ...series],
        },
        data,
        el,
      );
    });
    const onResize = () => plot?.setSize({ width: el.clientWidth, height: 180 });
    window.addEventListener('resize', onResize);
    return () => {
      stopped = true;
      window.removeEventListener('resize', onResize);
      plot?.destroy();
    };
    // x and y are constant per chart
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, series]);
  return <div ref={box} className="chart" role="img" aria-label={label} data-testid={testId} />;
}

const RETENTION_SERIES: uPlot.Series[] = [{ label: 'Viewers', stroke: '#5b4bdb', fill: 'rgba(91,75,219,0.12)', width: 2, points: { show: false } }];
const VIEWS_SERIES: uPlot.Series[] = [{ label: 'Views', stroke: '#1e9e5a', width: 2 }];

/** The owner's insights: who watched, how far, and how playback went. */
export default function InsightsPanel({ videoId }: { videoId: string }) {
  const [data, setData] = useState<Insights | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () =>
      api.call('insights', { params: { id: videoId } }).then(
        (d) => !stop && setData(d),
        (e: unknown) => !stop && setError(errorMessage(e, 'Could not load the insights.')),
      );
    void load();
    const t = setInterval(() => void load(), 30_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [videoId]);
  const [retention, setRetention] = useState<uPlot.AlignedData>([[], []]);
  const [days, setDays] = useState<uPlot.AlignedData>([[], []]);
  useEffect(() => {
    if (!data) return;
    const t = setTimeout(() => {
      setRetention([data.retention.map((p) => p.t), data.retention.map((p) => p.viewers)]);
      setDays([data.viewsOverTime.map((_, i) => i), data.viewsOverTime.map((d) => d.views)]);
    }, 0);
    return () => clearTimeout(t);
  }, [data]);

  if (error) return <ErrorText message={error} />;
  if (!data) return <p className="muted small">Loading insights…</p>;
  const figures: Array<[string, string, string]> = [
    ['Views', String(data.views), 'insight-views'],
    ['Unique viewers', String(data.uniqueViewers), 'insight-uniques'],
    ['Watch time', formatDuration(data.watchTimeSec * 1000), 'insight-watch'],
    ['Average view', formatDuration(data.avgWatchSec * 1000), 'insight-avg'],
    ['Completion', pct(data.avgCompletion), 'insight-completion'],
    ['Rebuffering', `${(data.rebufferRatio * 100).toFixed(1)}%`, 'insight-rebuffer'],
  ];
  return (
    <section className="panel insights" aria-labelledby="insights-title" data-testid="insights">
      <h2 id="insights-title">Insights</h2>
      <dl className="figures">
        {figures.map(([k, v, id]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-testid={id}>{v}</dd>
          </div>
        ))}
      </dl>
      {data.views === 0 ? (
        <p className="muted small">Nobody has watched yet. Views count from 3 seconds watched; figures update every minute.</p>
      ) : (
        <>
          <h3>Retention</h3>
          <p className="muted small">How many viewers saw each second.{data.dropOffs[0] ? ` Most left at ${formatDuration(data.dropOffs[0].t * 1000)}.` : ''}</p>
          <Chart
            data={retention}
            series={RETENTION_SERIES}
            label="Viewers per second of the video"
            testId="retention-chart"
            x={{ label: 'Time in the video (m:ss)', format: (v) => formatDuration(v * 1000) }}
            y={{ label: 'Viewers' }}
          />
          {data.viewsOverTime.length > 1 && (
            <>
              <h3>Views per day</h3>
              <Chart
                data={days}
                series={VIEWS_SERIES}
                label="Views per day"
                testId="views-chart"
                x={{ label: 'Day', format: (v) => data.viewsOverTime[v]?.day.slice(5) ?? '' }}
                y={{ label: 'Views' }}
              />
            </>
          )}
          <div className="insight-lists">
            <div>
              <h3>Renditions</h3>
              <ul className="plain">
                {data.renditions.map((r) => (
                  <li key={r.name}>
                    {r.name} <span className="muted">{pct(r.share)}</span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>Where</h3>
              <ul className="plain">
                <li>
                  Watch page <span className="muted">{data.surfaces.page}</span>
                </li>
                <li>
                  Embeds <span className="muted">{data.surfaces.embed}</span>
                </li>
                {data.referrers.map((r) => (
                  <li key={r.host}>
                    {r.host} <span className="muted">{r.views}</span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>Seen by</h3>
              {data.seenBy.length === 0 ? (
                <p className="muted small">No signed-in viewers yet.</p>
              ) : (
                <ul className="plain" data-testid="seen-by">
                  {data.seenBy.map((s, i) => (
                    <li key={`${s.name}-${s.lastAt}-${i}`} title={s.email}>
                      {s.name} <span className="muted">{pct(s.completion)} · {formatDuration(s.watchedSec * 1000)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
