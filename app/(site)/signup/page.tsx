import type { Metadata } from 'next';
import { safeNextPath } from '@/lib/platform/http/next-path';
import AuthForm from '@/app/AuthForm';

/** Any origin will do: only paths are accepted, and a path's resolution does not depend on it. */
const SITE = 'http://weft.invalid';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="auth">
      <h1>Create your account</h1>
      <p className="lede">The first account on a Weft is its admin.</p>
      <AuthForm mode="signup" next={safeNextPath(next, SITE, '/record')} />
    </div>
  );
}
