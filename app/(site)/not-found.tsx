import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/http/auth';
import ErrorPage from '@/app/ErrorPage';
import { refusedWith } from '@/app/refuse';

/** 404 inside the site: a page, a video, a link that is not there (see app/refuse.ts). */
export default async function NotFound() {
  const signedIn = Boolean(await currentPrincipal({ headers: await headers() }));
  return <ErrorPage code={refusedWith('not_found')} signedIn={signedIn} />;
}
