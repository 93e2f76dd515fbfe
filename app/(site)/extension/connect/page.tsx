import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { currentPrincipal } from '@/lib/server/http/auth';
import { allowedExtensionIds, checkConnect, CONNECTED_PATH, tokenNameFor } from '@/lib/record/extension';
import { deps } from '@/lib/server/deps';
import ConnectApproval from './ConnectApproval';

export const metadata: Metadata = { title: 'Connect the extension' };
export const dynamic = 'force-dynamic';

/** The signed-in person lets the browser extension record to this account (a token scoped to recording). */
export default async function ConnectPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const user = await currentPrincipal({ headers: await headers() });
  if (!user) {
    const here = `/extension/connect?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])))}`;
    redirect(`/login?next=${encodeURIComponent(here)}`);
  }
  const check = checkConnect(query, allowedExtensionIds(deps().config.WEFT_EXTENSION_IDS));
  if (!check.ok) {
    return (
      <div className="auth">
        <h1>Connect the extension</h1>
        <p className="error" role="alert" data-testid="connect-error">
          {check.message}
        </p>
      </div>
    );
  }
  const { state, browser } = check.request;
  return (
    <div className="auth">
      <h1>Connect the Weft extension</h1>
      <ConnectApproval
        userName={user.name}
        userEmail={user.email}
        browser={browser}
        tokenName={tokenNameFor(browser)}
        state={state}
        returnUrl={CONNECTED_PATH}
      />
    </div>
  );
}
