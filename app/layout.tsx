import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/http/auth';
import LogoutButton from './LogoutButton';
import NotificationBell from './NotificationBell';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Weft', template: '%s · Weft' },
  description: 'Record your screen and camera, share a link that plays at once.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await currentPrincipal({ headers: await headers() });
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand" aria-label="Weft home">
            <span className="brand-mark" aria-hidden="true" />
            Weft
          </Link>
          <nav>
            {user ? (
              <>
                <Link href="/">Library</Link>
                <NotificationBell />
                <span className="muted small" data-testid="current-user">
                  {user.name}
                </span>
                <LogoutButton />
                <Link href="/record" className="button button-primary">
                  Record
                </Link>
              </>
            ) : (
              <>
                <Link href="/login">Log in</Link>
                <Link href="/signup" className="button button-primary">
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
