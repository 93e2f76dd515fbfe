import type { Metadata } from 'next';
import AuthForm from '../AuthForm';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="auth">
      <h1>Create your account</h1>
      <p className="lede">The first account on a Weft is its admin.</p>
      <AuthForm mode="signup" next={next ?? '/record'} />
    </div>
  );
}
