import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/server/http/auth';
import { listApiTokens } from '@/lib/platform/accounts/service';
import { deps } from '@/lib/server/deps';
import TokenList from './TokenList';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

/** The account's API tokens: the extension's (one per connected browser) and scripts'; revocable. */
export default async function SettingsPage() {
  const user = await currentPrincipal({ headers: await headers() });
  if (!user) redirect('/login?next=/settings');
  const tokens = await listApiTokens((await deps()).db, user.userId);
  return (
    <>
      <h1>Settings</h1>
      <p className="lede">
        Signed in as {user.name} ({user.email}).
      </p>
      {user.role === 'admin' && (
        <p>
          <Link href="/settings/jobs" className="button button-small">
            Jobs and workers
          </Link>
        </p>
      )}
      <h2>Connected browsers and API tokens</h2>
      <p className="muted small">
        Each browser where the Weft extension is connected has a token that may only record. Revoke one and that browser can no longer upload; its next recording asks to connect
        again.
      </p>
      <TokenList
        initial={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          scope: t.scope,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }))}
      />
    </>
  );
}
