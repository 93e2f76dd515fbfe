import ErrorPage from '@/app/ErrorPage';
import { pagePrincipal, refusalHere } from '@/app/refuse';

/** 403 inside the site: the page says which refusal it is (app/refuse.ts says which). */
export default async function Forbidden() {
  const signedIn = Boolean(await pagePrincipal());
  return <ErrorPage code={await refusalHere('not_allowed')} signedIn={signedIn} />;
}
