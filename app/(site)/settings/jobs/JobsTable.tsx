'use client';

import { useCallback, useEffect, useState } from 'react';
import type { JobsView } from '@/lib/shared/api/contract';
import { api, errorMessage } from '@/lib/shared/client';
import ErrorText from '@/app/ErrorText';
import TableHead from '@/app/TableHead';
import When from '@/app/When';

const when = (iso: string | null) => (iso ? <When iso={iso} /> : '—');

/** Counts per kind (refreshed every 5 s) and the latest failures, each with Retry. */
export default function JobsTable({ initial }: { initial: JobsView }) {
  const [view, setView] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [retried, setRetried] = useState<Set<string>>(new Set());

  const refresh = useCallback(async () => {
    try {
      setView(await api.call('listJobs', {}));
    } catch (e) {
      setError(errorMessage(e, 'Could not load the jobs.'));
    }
  }, []);

  useEffect(() => {
    const t = setInterval(() => void refresh(), 5000);
    return () => clearInterval(t);
  }, [refresh]);

  async function retry(id: string) {
    setError(null);
    try {
      await api.call('retryJob', { params: { id } });
      setRetried((s) => new Set(s).add(id));
      await refresh();
    } catch (e) {
      setError(errorMessage(e, 'Could not retry that job.'));
    }
  }

  return (
    <div>
      <ErrorText message={error} />
      <h2>By kind</h2>
      {view.kinds.length === 0 ? (
        <p className="muted">No jobs yet.</p>
      ) : (
        <div className="table-scroll"><table className="table" data-testid="job-kinds">
          <TableHead columns={['Kind', 'Queued', 'Running', 'Failed', 'Done', 'Cancelled']} />
          <tbody>
            {view.kinds.map((k) => (
              <tr key={k.kind} data-testid="job-kind">
                <td>
                  <code>{k.kind}</code>
                </td>
                <td>
                  {k.queued}
                  {k.delayed > 0 && k.nextDueAt && (
                    <span className="muted small" data-testid="job-delayed">
                      {' '}
                      ({k.delayed} delayed, next <When iso={k.nextDueAt} />)
                    </span>
                  )}
                </td>
                <td>{k.running}</td>
                <td>{k.failed > 0 ? <span className="badge badge-failed">{k.failed}</span> : 0}</td>
                <td>{k.done}</td>
                <td title="Stopped because their video was deleted">{k.cancelled}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <h2>Failed for good</h2>
      <p className="muted small">
        These used up their attempts or hit an error that retrying would not fix. {view.deadLetters > 0 ? `${view.deadLetters} in the dead-letter queue.` : ''}
      </p>
      {view.failed.length === 0 ? (
        <p className="muted">Nothing has failed.</p>
      ) : (
        <div className="table-scroll"><table className="table" data-testid="failed-jobs">
          <TableHead columns={['Job', 'Video', 'Attempts', 'Reason', 'When', null]} />
          <tbody>
            {view.failed.map((f) => (
              <tr key={f.id} data-testid="failed-job">
                <td style={{ whiteSpace: 'nowrap' }}>
                  <code>{f.kind}</code> <span className="muted small">#{f.id}</span>
                </td>
                <td>{f.videoId ? <a href={`/v/${f.videoId}`}>{f.videoTitle ?? 'Deleted video'}</a> : <span className="muted">—</span>}</td>
                <td>{f.attempts}</td>
                <td>{f.lastError ?? <span className="muted">—</span>}</td>
                <td>{when(f.finishedAt)}</td>
                <td>
                  {retried.has(f.id) ? (
                    <span className="muted small">Queued again</span>
                  ) : (
                    <button type="button" className="button button-small" onClick={() => void retry(f.id)} data-testid="job-retry">
                      Retry
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </div>
  );
}
