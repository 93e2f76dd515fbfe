import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/server/http/auth';
import Recorder from './Recorder';

export const metadata: Metadata = { title: 'Record' };
export const dynamic = 'force-dynamic';

export default async function RecordPage() {
  if (!(await currentPrincipal({ headers: await headers() }))) redirect('/login?next=/record');
  return (
    <>
      <h1>New recording</h1>
      <p className="lede">Share your screen, talk it through, stop — the link is ready.</p>
      <Recorder />
      <aside className="extension-aside" aria-label="Chrome extension">
        <span>
          <strong>Record from any tab.</strong> <span className="muted">The Weft extension for Chrome records a tab, a window or your screen from the toolbar.</span>
        </span>
        <a className="button" href="/extension/weft-extension.zip" download data-testid="extension-download">
          Get the extension (.zip)
        </a>
      </aside>
    </>
  );
}
