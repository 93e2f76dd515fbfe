import type { Metadata } from 'next';
import Link from 'next/link';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Weft', template: '%s · Weft' },
  description: 'Record your screen and camera, share a link that plays at once.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand" aria-label="Weft home">
            <span className="brand-mark" aria-hidden="true" />
            Weft
          </Link>
          <nav>
            <Link href="/">Library</Link>
            <Link href="/record" className="button button-primary">
              Record
            </Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
