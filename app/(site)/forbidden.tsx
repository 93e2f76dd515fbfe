import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="panel empty" data-testid="forbidden">
      <h1>This link no longer works</h1>
      <p>The share link has expired or was revoked by the owner. Ask them for a new link.</p>
      <Link href="/" className="button">
        Go to Weft
      </Link>
    </div>
  );
}
