import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Weft', template: '%s · Weft' },
  description: 'Record your screen and camera, share a link that plays at once.',
};

/** The document itself; the site's frame is in (site)/layout.tsx, the embed has none. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
