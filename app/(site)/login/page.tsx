import type { Metadata } from 'next';
import { safeNextPath } from '@/lib/platform/http/next-path';
import AuthForm from '@/app/AuthForm';

/** Any origin will do: only paths are accepted, and a path's resolution does not depend on it. */
const SITE = 'http://weft.invalid';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="auth">
      <h1>Log in</h1>
      <p className="lede">Welcome back.</p>
      <AuthForm mode="login" next={safeNextPath(next, SITE, '/')} />
    </div>
  );
}
