import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/http/auth';
import ErrorPage from './ErrorPage';

/** An address that matches nothing (inside the site, `(site)/not-found.tsx` answers with the top bar). */
export default async function NotFound() {
  const signedIn = Boolean(await currentPrincipal({ headers: await headers() }));
  return (
    <main>
      <ErrorPage code="not_found" signedIn={signedIn} />
    </main>
  );
}
