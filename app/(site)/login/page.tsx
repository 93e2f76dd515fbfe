import type { Metadata } from 'next';
import Link from 'next/link';
import { safeNextPath } from '@/lib/platform/http/next-path';
import { deps } from '@/lib/server/deps';
import AuthForm from '@/app/AuthForm';
import SsoButton from '@/app/SsoButton';

/** Any origin will do: only paths are accepted, and a path's resolution does not depend on it. */
const SITE = 'http://weft.invalid';

export const metadata: Metadata = { title: 'Log in' };
export const dynamic = 'force-dynamic';

/** Log in: single sign-on when it is set up, the password form unless it is turned off, and a way back in after a forgotten password. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  const { config } = deps();
  const target = safeNextPath(next, SITE, '/');
  const sso = config.WEFT_OIDC_ISSUER ? config.WEFT_OIDC_NAME : null;
  const passwords = config.WEFT_PASSWORD_LOGIN === 'on';
  return (
    <div className="auth">
      <h1>Log in</h1>
      <p className="lede">Welcome back.</p>
      {error && (
        <p className="error" role="alert" data-testid="login-error">
          {error.slice(0, 300)}
        </p>
      )}
      {sso && <SsoButton name={sso} next={target} />}
      {sso && passwords && <p className="or">or with your password</p>}
      {passwords && <AuthForm mode="login" next={target} />}
      {passwords && (
        <p className="muted small" style={{ textAlign: 'center' }}>
          <Link href="/reset-password" data-testid="forgot-password">
            Forgot your password?
          </Link>
        </p>
      )}
    </div>
  );
}
