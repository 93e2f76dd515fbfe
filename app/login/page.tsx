import type { Metadata } from 'next';
import AuthForm from '../AuthForm';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="auth">
      <h1>Log in</h1>
      <p className="lede">Welcome back.</p>
      <AuthForm mode="login" next={next ?? '/'} />
    </div>
  );
}
