import ErrorPage from '@/app/ErrorPage';
import { pagePrincipal, refusalHere } from '@/app/refuse';

/** 404 inside the site: a page, a video, a link that is not there (app/refuse.ts says which). */
export default async function NotFound() {
  const signedIn = Boolean(await pagePrincipal());
  return <ErrorPage code={await refusalHere('not_found')} signedIn={signedIn} />;
}
