import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { refuse } from '@/app/refuse';
import { currentPrincipal } from '@/lib/server/http/auth';
import { deps } from '@/lib/server/deps';
import { listAccounts } from '@/lib/platform/accounts/lifecycle';
import SettingsNav from '../SettingsNav';
import AccountsTable from './AccountsTable';

export const metadata: Metadata = { title: 'Accounts' };
export const dynamic = 'force-dynamic';

/** Every account of the instance (administrators): disable one and it is signed out everywhere at once. */
export default async function AccountsPage() {
  const user = await currentPrincipal({ headers: await headers() });
  if (!user) redirect('/login?next=/settings/accounts');
  if (user.role !== 'admin') refuse('not_allowed');
  const rows = (await listAccounts(deps().db)).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="accounts" admin />
      <p className="lede">Every account on this Weft. A disabled account is signed out everywhere at once, its tokens stop working and it cannot log in; its videos stay.</p>
      <AccountsTable initial={rows} me={user.userId} />
    </>
  );
}
