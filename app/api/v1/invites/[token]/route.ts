import { clientIp } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { findInvite, inviteRules } from '@/lib/library/teams';
import { takeThrottled } from '@/lib/platform/accounts/throttle';
import { throttleAddress } from '@/lib/platform/net/address';

export const dynamic = 'force-dynamic';

/** What an invite link is for (the /invite page asks before anyone accepts). */
export const GET = route(async (req: Request, ctx: { params: Promise<{ token: string }> }) => {
  const { db, clock } = deps();
  await db.transaction((tx) => takeThrottled(tx, inviteRules(throttleAddress(clientIp(req))), clock));
  const found = await findInvite(db, (await ctx.params).token, clock);
  return json({ workspace: found.workspace, email: found.invite.email, role: found.invite.role, video: found.video });
});
