import type { Metadata } from 'next';
import { deps } from '@/lib/server/deps';
import { resetLinkValid } from '@/lib/platform/accounts/lifecycle';
import ResetForm from './ResetForm';

export const metadata: Metadata = { title: 'Reset your password' };
export const dynamic = 'force-dynamic';

/** Without a token: ask for a link by e-mail. With one (from the e-mail): choose a new password. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const { db, clock, config, mailer } = deps();
  const passwords = config.WEFT_PASSWORD_LOGIN === 'on';
  const valid = token ? await resetLinkValid(db, token, clock) : false;
  return (
    <div className="auth">
      <h1>{token ? 'Choose a new password' : 'Reset your password'}</h1>
      {!passwords ? (
        <p className="lede">This Weft signs in with single sign-on only: reset your password with your sign-on provider.</p>
      ) : token && !valid ? (
        <div className="panel auth-form" data-testid="reset-invalid">
          <p className="error" role="alert">
            This reset link is not valid any more: it was used already, or it is older than an hour.
          </p>
          <a className="button" href="/reset-password">
            Ask for a new link
          </a>
        </div>
      ) : !token && !mailer ? (
        <p className="lede">This Weft cannot send e-mail. Ask an administrator to help you back in.</p>
      ) : (
        <>
          <p className="lede">{token ? 'Every other place you are signed in will be signed out.' : 'We will e-mail you a link that works once, for an hour.'}</p>
          <ResetForm token={token ?? null} />
        </>
      )}
    </div>
  );
}
