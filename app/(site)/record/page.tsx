import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { currentPrincipal, viewerOf } from '@/lib/server/http/auth';
import { canRecord } from '@/lib/videos/policy';
import { listWorkspaces } from '@/lib/library/teams';
import { deps } from '@/lib/server/deps';
import Recorder from './Recorder';

export const metadata: Metadata = { title: 'Record' };
export const dynamic = 'force-dynamic';

export default async function RecordPage() {
  const user = await currentPrincipal({ headers: await headers() });
  if (!user) redirect('/login?next=/record');
  const ws = user.currentWorkspaceId;
  // a workspace's viewers watch and comment there; the policy refuses their recordings, the page says so first
  if (ws && !canRecord(ws, viewerOf(user))) {
    const workspaces = await listWorkspaces(deps().db, user.userId);
    const name = workspaces.find((w) => w.id === ws)?.name ?? 'this workspace';
    const elsewhere = workspaces.filter((w) => w.role !== 'viewer');
    return (
      <div className="gate panel" data-testid="record-not-allowed">
        <h1>You watch in {name}</h1>
        <p className="muted">Your role there is viewer: you can watch and comment, not record. Ask an admin of the workspace to make you a member.</p>
        {elsewhere.length > 0 && <p className="muted small">Switch to {elsewhere.map((w) => w.name).join(' or ')} (top of the page) to record there.</p>}
      </div>
    );
  }
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
