import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { refuse } from '@/app/refuse';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/server/http/auth';
import { jobsView } from '@/lib/platform/queue/admin';
import { deps } from '@/lib/server/deps';
import JobsTable from './JobsTable';
import SettingsNav from '../SettingsNav';

export const metadata: Metadata = { title: 'Jobs' };
export const dynamic = 'force-dynamic';

/** The operator's view of the job queue: per kind, queued/running/failed/done; failed jobs can be retried. */
export default async function JobsPage() {
  const user = await currentPrincipal({ headers: await headers() });
  if (!user) redirect('/login?next=/settings/jobs');
  if (user.role !== 'admin') refuse('not_allowed');
  const view = await jobsView((await deps()).db);
  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="jobs" admin />
      <p className="lede">What the workers are doing: every kind of job, how many wait, run, failed for good or finished. A failed job can be run again.</p>
      <JobsTable initial={view} />
    </>
  );
}
