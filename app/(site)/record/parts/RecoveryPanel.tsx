'use client';

import { formatBytes, formatDateTime } from '@/lib/shared/format';
import type { SpooledRecording } from '@/lib/record/browser/spool';

/** Unfinished recordings kept on this computer (network loss, reload, crash): finish or discard. */
export default function RecoveryPanel(props: {
  pending: SpooledRecording[];
  recovering: string | null;
  onRecover(r: SpooledRecording): void;
  onDiscard(r: SpooledRecording): void;
}) {
  if (props.pending.length === 0) return null;
  return (
    <div className="panel recovery" data-testid="recovery">
      <strong>Unfinished recordings on this computer</strong>
      {props.pending.map((r) => (
        <div key={r.sessionId} className="row">
          <span className="small">
            Started {formatDateTime(new Date(r.startedAt))} · {formatBytes(r.bytes)}
          </span>
          <button type="button" className="button button-primary" data-testid="recover-upload" disabled={props.recovering !== null} onClick={() => props.onRecover(r)}>
            {props.recovering === r.sessionId ? 'Uploading…' : 'Finish uploading'}
          </button>
          <button type="button" className="button" onClick={() => props.onDiscard(r)}>
            Discard
          </button>
        </div>
      ))}
    </div>
  );
}
