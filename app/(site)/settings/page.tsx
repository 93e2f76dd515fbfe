import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/server/http/auth';
import { listApiTokens } from '@/lib/platform/accounts/service';
import { deps } from '@/lib/server/deps';
import TokenList from './TokenList';
import ChangePassword from './ChangePassword';
import SettingsNav from './SettingsNav';
import { accountHasPassword } from '@/lib/platform/accounts/lifecycle';

export const metadata: Metadata = { title: 'Account settings' };
export const dynamic = 'force-dynamic';

/** The account's API tokens: the extension's (one per connected browser) and scripts'; revocable. */
export default async function SettingsPage() {
  const user = await currentPrincipal({ headers: await headers() });
  if (!user) redirect('/login?next=/settings');
  const { db, config } = deps();
  const tokens = await listApiTokens(db, user.userId);
  const hasPassword = await accountHasPassword(db, user.userId);
  const passwords = config.WEFT_PASSWORD_LOGIN === 'on';
  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="account" admin={user.role === 'admin'} />
      <p className="lede">
        Signed in as {user.name} ({user.email}).
      </p>
      <section className="section" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        {passwords ? (
          <>
            {!hasPassword && <p className="muted small">You sign in with single sign-on. You can also set a password to log in with it.</p>}
            <ChangePassword hasPassword={hasPassword} />
          </>
        ) : (
          <p className="muted small">This Weft signs in with single sign-on only: your password is kept by your sign-on provider.</p>
        )}
      </section>
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
