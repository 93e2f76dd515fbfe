import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/http/auth';
import ErrorPage from '@/app/ErrorPage';
import { refusedWith } from '@/app/refuse';

/** 403 inside the site: the page says which refusal it is (see app/refuse.ts). */
export default async function Forbidden() {
  const signedIn = Boolean(await currentPrincipal({ headers: await headers() }));
  return <ErrorPage code={refusedWith('not_allowed')} signedIn={signedIn} />;
}
