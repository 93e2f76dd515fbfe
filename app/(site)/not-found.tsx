import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="panel empty">
      <h1>Not found</h1>
      <p>This video does not exist, or it was deleted.</p>
      <Link href="/" className="button">
        Back to the library
      </Link>
    </div>
  );
}
