import { pagePrincipal } from './refuse';
import ErrorPage from './ErrorPage';

/** An address that matches nothing (inside the site, `(site)/not-found.tsx` answers with the top bar). */
export default async function NotFound() {
  const signedIn = Boolean(await pagePrincipal());
  return (
    <main>
      <ErrorPage code="not_found" signedIn={signedIn} />
    </main>
  );
}
