import Link from 'next/link';

/** An address that matches nothing (inside the site, `(site)/not-found.tsx` answers with the top bar). */
export default function NotFound() {
  return (
    <main>
      <div className="panel empty">
        <h1>Not found</h1>
        <p>There is nothing at this address.</p>
        <Link href="/" className="button">
          Go to Weft
        </Link>
      </div>
    </main>
  );
}
