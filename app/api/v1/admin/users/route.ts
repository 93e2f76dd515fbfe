import { requireUser } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { listAccounts } from '@/lib/platform/accounts/lifecycle';
import { WeftError } from '@/lib/platform/errors';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request) => {
  const p = await requireUser(req);
  if (p.role !== 'admin') throw new WeftError('forbidden', 'Only administrators manage accounts.');
  const rows = await listAccounts(deps().db);
  return json({ users: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) });
});
