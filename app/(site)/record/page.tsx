import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/http/auth';
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
    </>
  );
}
