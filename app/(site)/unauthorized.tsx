import ErrorPage from '@/app/ErrorPage';

/** 401 inside the site: log in, then come back here. */
export default function Unauthorized() {
  return <ErrorPage code="signed_out" signedIn={false} />;
}
