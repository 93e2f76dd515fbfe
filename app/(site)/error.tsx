'use client';

import Link from 'next/link';
import { REFUSALS } from '@/lib/platform/http/refusals';

/** An unexpected failure while rendering a page: said plainly, with a way to try again. */
export default function SiteError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const r = REFUSALS.server_error;
  return (
    <div className="panel empty error-page" data-testid="error-page" data-code="server_error" role="alert">
      <p className="error-status">Error</p>
      <h1>{r.title}</h1>
      <p>{r.text}</p>
      <div className="row error-actions">
        <button type="button" className="button button-primary" onClick={() => reset()}>
          Try again
        </button>
        <Link href="/" className="button">
          Go to Weft
        </Link>
      </div>
    </div>
  );
}
