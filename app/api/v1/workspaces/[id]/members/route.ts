import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { listMembers } from '@/lib/library/teams';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const p = await requireUser(req);
  const members = await listMembers(deps().db, viewerOf(p), (await ctx.params).id);
  return json({ members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })) });
});
