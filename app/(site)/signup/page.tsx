import type { Metadata } from 'next';
import { safeNextPath } from '@/lib/platform/http/next-path';
import { deps } from '@/lib/server/deps';
import AuthForm from '@/app/AuthForm';
import SsoButton from '@/app/SsoButton';

/** Any origin will do: only paths are accepted, and a path's resolution does not depend on it. */
const SITE = 'http://weft.invalid';

export const metadata: Metadata = { title: 'Sign up' };
export const dynamic = 'force-dynamic';

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const { config } = deps();
  const target = safeNextPath(next, SITE, '/record');
  const sso = config.WEFT_OIDC_ISSUER ? config.WEFT_OIDC_NAME : null;
  const passwords = config.WEFT_PASSWORD_LOGIN === 'on';
  return (
    <div className="auth">
      <h1>Create your account</h1>
      <p className="lede">The first account on a Weft is its admin. You get a workspace of your own; teams bring you into theirs with an invite.</p>
      {sso && <SsoButton name={sso} next={target} />}
      {sso && passwords && <p className="or">or with a password</p>}
      {passwords && <AuthForm mode="signup" next={target} />}
    </div>
  );
}
